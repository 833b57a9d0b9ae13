"""The digest's chart as PNG bytes: new events per day by colour, and the weekly median time to close."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # headless: no display on a server

from matplotlib.figure import Figure  # noqa: E402  (after choosing the backend)

from bot import fonts  # noqa: E402
from bot.core.digest_types import Digest  # noqa: E402
from bot.render.i18n import plain  # noqa: E402

COLOURS = {"red": "#d93025", "yellow": "#f2b600", "green": "#1e8e3e"}
DPI = 160


def render_png(lang: str, d: Digest) -> bytes:
    """A portrait PNG (about 960×1280 px) that stays legible on a phone."""
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
        top.text(0.5, 0.5, plain(lang, "chart.none"), transform=top.transAxes, ha="center", va="center",
                 fontdict={**style, "size": 15}, color="#666666")
    top.legend(prop={"family": style["family"], "size": 12}, loc="upper left", frameon=False, ncols=3)
    top.set_ylim(0, max(max(base, default=0) * 1.25, 4))
    top.yaxis.get_major_locator().set_params(integer=True)
    labels = [label.split("-")[-1] for label, _ in d.trend]
    hours = [None if v is None else v / 3600 for _, v in d.trend]
    xs = list(range(len(labels)))
    points = [(x, h) for x, h in zip(xs, hours, strict=True) if h is not None]
    bottom.plot(xs, [float("nan") if h is None else h for h in hours], marker="o", color="#1a73e8",
                linewidth=2.5, markersize=7)
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
