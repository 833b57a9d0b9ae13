"""The digest's chart as PNG bytes: new events per day by colour, and the weekly median time to close.

In the bot (``ISOLATED``, set by bot/app.py) the chart is drawn by a short-lived child process
(``python -m bot.render.digest_chart``): matplotlib and the figure take some 40 MB that Python would keep for the
bot's lifetime, and drawing holds the interpreter for a fraction of a second; in a child neither touches
the bot, which waits on a worker thread. Tests, the CLI and the benchmarks draw in their own process.
"""

from __future__ import annotations

import io
import pickle
import subprocess
import sys

from bot import fonts
from bot.core.digest_types import Digest
from bot.render.i18n import plain

ISOLATED = False
CHILD_TIMEOUT_S = 120

COLOURS = {"red": "#d93025", "yellow": "#f2b600", "green": "#1e8e3e"}
DPI = 160


def render_png(lang: str, d: Digest) -> bytes:
    """A portrait PNG (about 960×1280 px) that stays legible on a phone (drawn by a child when ISOLATED)."""
    if ISOLATED:
        return _in_child(lang, d)
    return _draw(lang, d)


def _in_child(lang: str, d: Digest) -> bytes:
    run = subprocess.run(
        [sys.executable, "-m", "bot.render.digest_chart"],
        input=pickle.dumps((lang, d)),
        capture_output=True,
        timeout=CHILD_TIMEOUT_S,
        check=False,
    )
    if run.returncode != 0 or not run.stdout.startswith(b"\x89PNG"):
        last = (run.stderr.decode(errors="replace").strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"the chart process failed (exit {run.returncode}): {last}")
    return run.stdout


def _draw(lang: str, d: Digest) -> bytes:
    import matplotlib

    matplotlib.use("Agg")  # headless: no display on a server
    from matplotlib.figure import Figure

    family = fonts.register()
    fig = Figure(figsize=(6, 8), dpi=DPI)
    fig.set_layout_engine("constrained")
    top, bottom = fig.subplots(2, 1, height_ratios=[3, 2])
    style = {"family": [family, "DejaVu Sans"]}
    days = plain(lang, "chart.days").split()
    base = [0] * len(d.per_day)
    for urgency, colour in COLOURS.items():
        values = [day.get(urgency, 0) for day in d.per_day]
        top.bar(days, values, bottom=base, color=colour, label=plain(lang, f"urgency.{urgency}"), width=0.7)
        base = [b + v for b, v in zip(base, values, strict=True)]
    top.set_title(f"{plain(lang, 'chart.per_day')} · {d.week}", fontdict={**style, "size": 16})
    if not any(base):
        top.text(
            0.5,
            0.5,
            plain(lang, "chart.none"),
            transform=top.transAxes,
            ha="center",
            va="center",
            fontdict={**style, "size": 15},
            color="#666666",
        )
    top.legend(prop={"family": style["family"], "size": 12}, loc="upper left", frameon=False, ncols=3)
    top.set_ylim(0, max(max(base, default=0) * 1.25, 4))
    top.yaxis.get_major_locator().set_params(integer=True)
    labels = [label.split("-")[-1] for label, _ in d.trend]
    hours = [None if v is None else v / 3600 for _, v in d.trend]
    xs = list(range(len(labels)))
    points = [(x, h) for x, h in zip(xs, hours, strict=True) if h is not None]
    bottom.plot(
        xs, [float("nan") if h is None else h for h in hours], marker="o", color="#1a73e8", linewidth=2.5, markersize=7
    )
    bottom.set_xticks(xs, labels)
    for x, h in points:
        bottom.annotate(f"{h:.1f}", (x, h), textcoords="offset points", xytext=(0, 8), ha="center", fontsize=10)
    bottom.set_title(plain(lang, "chart.trend"), fontdict={**style, "size": 15})
    bottom.set_ylim(0, max(max((h for _, h in points), default=0), 1) * 1.3)
    for ax in (top, bottom):
        ax.tick_params(labelsize=12)
        for label in ax.get_xticklabels() + ax.get_yticklabels():
            label.set_fontfamily(style["family"])
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(axis="y", alpha=0.3)
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


if __name__ == "__main__":  # the child: (lang, digest) pickled on stdin, the PNG on stdout
    _lang, _digest = pickle.load(sys.stdin.buffer)
    sys.stdout.buffer.write(_draw(_lang, _digest))
