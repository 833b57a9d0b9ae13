"""The layers as folders: imports point down and never up, and no module imports itself in a circle.

The import graph is read with ``ast`` (nothing is imported), including imports inside functions, so a
lazy import cannot hide a leak or a cycle. ``docs/architecture.md`` draws the same picture.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "handlers", "storage")

# layer -> the layers it may import (its own included)
ALLOWED = {
    "cli": {"cli", "runtime", "handlers", "services", "render", "storage", "core", "config", "fakeapi"},
    "runtime": {"runtime", "handlers", "services", "render", "storage", "core", "config"},
    "handlers": {"handlers", "services", "render", "core", "config"},
    "services": {"services", "render", "storage", "core", "config"},
    "render": {"render", "core", "config"},
    "storage": {"storage", "core"},
    "core": {"core"},
    "config": set(),
    "fakeapi": {"fakeapi"},
}
# third-party packages a layer must not import
FORBIDDEN = {
    "cli": {"telegram"},
    "services": {"telegram", "aiohttp", "apscheduler", "sqlite3"},
    "render": {"telegram", "aiohttp", "aiosqlite", "sqlite3", "apscheduler"},
    "storage": {"telegram", "aiohttp", "apscheduler"},
    "core": {"telegram", "aiohttp", "aiosqlite", "sqlite3", "apscheduler", "matplotlib"},
    "config": {"telegram", "aiohttp", "aiosqlite", "sqlite3"},
    "fakeapi": {"telegram", "aiosqlite"},
}
# the modules that sit at bot/'s top level, and their layer
TOP = {"bot": "config", "bot.config": "config", "bot.context": "services", "bot.fonts": "render"}


def modules(root: Path = ROOT) -> dict[str, Path]:
    """Every project module by dotted name."""
    found = {}
    for pkg in PACKAGES:
        for path in sorted((root / pkg).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def layer(name: str) -> str:
    """The layer a project module belongs to."""
    if name in TOP:
        return TOP[name]
    first, _, rest = name.partition(".")
    if first in ("handlers", "storage"):
        return first
    kind = rest.split(".")[0]
    if kind in ALLOWED:
        return kind
    raise AssertionError(f"{name} sits in no layer: move it into a layer's folder (or name it in TOP)")


def imports(name: str, path: Path, known: set[str]) -> list[tuple[str, int]]:
    """(imported module, line) for every import in a module; project imports resolved to modules."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                out.append((sub if sub in known else base, node.lineno))
    return out


def graph(root: Path = ROOT) -> tuple[dict[str, set[str]], list[str]]:
    """The project's import graph, and every import that breaks a layer rule."""
    mods = modules(root)
    known = set(mods)
    edges: dict[str, set[str]] = {m: set() for m in mods}
    leaks = []
    for name, path in mods.items():
        mine = layer(name)
        for target, line in imports(name, path, known):
            top = target.split(".")[0]
            where = f"{path.relative_to(root)}:{line}"
            if target in known:
                edges[name].add(target)
                theirs = layer(target)
                if theirs not in ALLOWED[mine]:
                    leaks.append(f"{where}: {name} ({mine}) imports {target} ({theirs})")
            elif top in PACKAGES:
                leaks.append(f"{where}: {name} imports {target}, which is not a module of the project")
            elif top in FORBIDDEN.get(mine, set()):
                leaks.append(f"{where}: {name} ({mine}) imports {top}")
    return edges, list(dict.fromkeys(leaks))


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w == v:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_no_layer_leaks() -> None:
    _, leaks = graph()
    assert not leaks, "imports against the layers:\n" + "\n".join(leaks)


def test_no_import_cycles() -> None:
    edges, _ = graph()
    found = cycles(edges)
    assert not found, "import cycles:\n" + "\n".join(" ↔ ".join(c) for c in found)


def test_handlers_do_not_import_each_other() -> None:
    edges, _ = graph()
    shared = {"handlers", "handlers.common"}
    bad = [
        f"{m} imports {t}"
        for m, ts in edges.items()
        if m.startswith("handlers.")
        for t in ts
        if t.startswith("handlers") and t not in shared
    ]
    assert not bad, "a handler imports another handler (move the shared part to handlers/common.py):\n" + "\n".join(bad)


def test_the_checker_sees_a_leak_and_a_cycle(tmp_path: Path) -> None:
    """The checker itself: a planted leak and a planted cycle are both reported."""
    for pkg, files in {
        "bot": {"__init__.py": "", "config.py": ""},
        "bot/core": {"__init__.py": "", "a.py": "from storage import db\nimport telegram\n"},
        "bot/services": {
            "__init__.py": "",
            "x.py": "from bot.services import y\n",
            "y.py": "def f():\n    from bot.services import x\n",
        },
        "handlers": {"__init__.py": ""},
        "storage": {"__init__.py": "", "db.py": ""},
    }.items():
        (tmp_path / pkg).mkdir(parents=True, exist_ok=True)
        for file, text in files.items():
            (tmp_path / pkg / file).write_text(text)
    edges, leaks = graph(tmp_path)
    assert leaks == [
        "bot/core/a.py:1: bot.core.a (core) imports storage.db (storage)",
        "bot/core/a.py:2: bot.core.a (core) imports telegram",
    ]
    assert cycles(edges) == [["bot.services.x", "bot.services.y"]]


def test_a_long_module_says_why_at_its_top() -> None:
    """No module over 300 lines without a one-line reason ("Over 300 lines: …") in its first lines."""
    silent = []
    for folder in (*PACKAGES, "tests", "tools", "bench"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            if text.count("\n") > 300 and "Over 300 lines:" not in "\n".join(text.splitlines()[:8]):
                silent.append(str(path.relative_to(ROOT)))
    assert not silent, "say at the top why these are long, or split them:\n" + "\n".join(silent)
