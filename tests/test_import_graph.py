"""No import cycle between the packages of review_tools, counting imports inside functions too
(a function-level import hides a cycle from Python, not from the design)."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

from .conftest import ROOT

SRC = ROOT / "src" / "review_tools"


def module_name(path: Path) -> tuple[str, bool]:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def imported_modules(path: Path) -> list[str]:
    """Every review_tools module ``path`` imports, at any depth of the file (functions included)."""
    mod, is_pkg = module_name(path)
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = mod.split(".") if is_pkg else mod.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if node.module is None or target == "review_tools":  # from . import x: x may be a module
                out += [f"{target}.{a.name}" for a in node.names]
            else:
                out.append(target)
        elif isinstance(node, ast.Import):
            out += [a.name for a in node.names]
    return [m for m in out if m == "review_tools" or m.startswith("review_tools.")]


def package_of(module: str) -> str:
    """``review_tools.x.y`` -> ``x`` (a top-level module is its own package)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "review_tools"


def package_graph(root: Path = SRC) -> dict[str, set[str]]:
    edges: dict[str, set[str]] = defaultdict(set)
    for path in root.rglob("*.py"):
        here = package_of(module_name(path)[0])
        for target in imported_modules(path):
            there = package_of(target)
            if there != here:
                edges[here].add(there)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one package (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in list(edges):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycle_between_packages():
    found = cycles(package_graph())
    assert found == [], f"packages import each other (function-level imports included): {found}"


def test_the_check_sees_a_cycle_hidden_in_a_function(tmp_path):
    pkg = tmp_path / "review_tools"
    (pkg / "a").mkdir(parents=True)
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "a" / "__init__.py").write_text("from ..b import f\n", encoding="utf-8")
    (pkg / "b.py").write_text("def f():\n    from .a import g\n    return g\n", encoding="utf-8")
    global SRC
    saved, SRC = SRC, pkg
    try:
        assert cycles(package_graph(pkg)) == [["a", "b"]]
    finally:
        SRC = saved


def test_social_reports_and_indicators_share_regions_not_each_other():
    edges = package_graph()
    assert "indicators" not in edges["social_reports"]
    assert "regions" in edges["social_reports"] or "readers" in edges["social_reports"]
