"""Static checks: notebooks are thin, parameterised and committed without outputs."""

from __future__ import annotations

import re

import nbformat
import pytest

from .conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
COMMON = ("review_dir", "corpus_dir", "run_dir", "region", "period", "language")
FORBIDDEN = {
    "a function definition": re.compile(r"^\s*(async\s+)?def\s", re.M),
    "a class definition": re.compile(r"^\s*class\s", re.M),
    "open(": re.compile(r"\bopen\("),
    ".to_csv(": re.compile(r"\.to_csv\("),
    "RNG seeding": re.compile(r"(random\.seed|np\.random\.seed|default_rng\()"),
    "a path literal": re.compile(r"['\"][^'\"\n]*[/\\][^'\"\n]*['\"]"),
    "a loop or branch": re.compile(r"^\s*(for|while|if|try)\b.*:\s*$", re.M),
}


def test_there_are_stage_notebooks_in_pipeline_order():
    names = [nb.stem for nb in NOTEBOOKS]
    assert names, "no notebooks/NN-*.ipynb"
    assert names == sorted(names)
    assert len({n[:2] for n in names}) == len(names), "two notebooks share a stage number"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_thin_and_clean(path):
    nb = nbformat.read(str(path), as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, f"{path.name}: needs exactly one cell tagged 'parameters', found {len(tagged)}"
    assert code[0] is tagged[0], f"{path.name}: the parameters cell must be the first code cell"
    for name in COMMON:
        assert re.search(rf"^{name}\s*=", tagged[0].source, re.M), f"{path.name}: parameters cell lacks {name}"
    for i, cell in enumerate(code):
        assert cell.get("outputs", []) == [], f"{path.name}: code cell {i} was committed with outputs"
        assert cell.get("execution_count") is None, f"{path.name}: code cell {i} has an execution count"
        if cell is tagged[0]:
            continue
        for what, pattern in FORBIDDEN.items():
            m = pattern.search(cell.source)
            assert not m, f"{path.name}: code cell {i} contains {what}: {m.group(0)!r}; move it into review_tools"


def test_forbidden_patterns_catch_what_they_should():
    src = 'class A:\n    pass\ndef f():\n    pass\nx = open("a")\ndf.to_csv("x")\nnp.random.seed(1)\np = "corpus/x.ris"\nfor r in rows:\n'
    hits = {what for what, pat in FORBIDDEN.items() if pat.search(src)}
    assert hits == set(FORBIDDEN)
