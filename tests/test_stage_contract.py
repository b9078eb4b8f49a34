"""The stage contract stays true: registry, notebooks, builders, documentation, imports and test marks.

Runs of the pipeline are checked against the catalogue in ``test_pipeline.py`` (slow); here everything is
static or runs on small frames.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import inspect
import re
import sys

import nbformat
import pandas as pd
import pytest

from review_tools import paths, pipeline
from review_tools.commands.stages import markdown_table
from review_tools.errors import ReviewToolsError, StageInputError
from review_tools.pipeline import STAGES, StageRecorder, read_artefact, write_artefact

from .conftest import ROOT
from .test_import_graph import cycles as _cycles

SRC = ROOT / "src" / "review_tools"
NOTEBOOKS = ROOT / "notebooks"


# ----------------------------------------------------------------------------------- registry


def test_every_notebook_is_a_registered_stage_and_vice_versa():
    on_disk = sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
    assert on_disk == sorted(s.notebook for s in STAGES)
    assert [s.id for s in STAGES] == sorted(s.id for s in STAGES), "STAGES must be in notebook order"
    assert all(s.notebook == f"{s.id}.ipynb" for s in STAGES)


def test_every_stage_has_a_module_with_run():
    modules = sorted(p.stem for p in (SRC / "stages").glob("*.py") if p.stem != "__init__")
    assert modules == sorted(s.module.rsplit(".", 1)[1] for s in STAGES), "one module per stage, no other"
    for s in STAGES:
        run = importlib.import_module(s.module).run
        assert list(inspect.signature(run).parameters)[:3] == ["cfg", "corpus_dir", "run_dir"], s.module


def test_stages_read_only_declared_artefacts_of_earlier_stages():
    order = {s.id: i for i, s in enumerate(STAGES)}
    for i, s in enumerate(STAGES):
        for key in s.reads:
            art = pipeline.artefact(key)  # raises for an artefact no stage declares
            assert order[art.stage] < i, f"{s.id} reads {key} of a later stage (or its own)"


def test_artefact_names_are_unique_and_tables_have_columns():
    for s in STAGES:
        names = [a.name for a in s.writes]
        assert len(names) == len(set(names)), s.id
        assert all(a.stage == s.id for a in s.writes)
        assert all(a.columns for a in s.writes if a.is_table), s.id
        assert not any(a.columns for a in s.writes if not a.is_table), s.id


def test_batch_reuse_comes_from_the_registry():
    from review_tools.run import shared_stages, stage_notebooks

    notebooks = stage_notebooks(NOTEBOOKS)
    assert [nb.name for nb in notebooks] == [s.notebook for s in STAGES]
    assert shared_stages(notebooks) == [s.id for s in STAGES if not s.region_dependent]
    assert all(not s.region_dependent for s in STAGES if s.id in shared_stages(notebooks))


def test_a_notebook_folder_mixing_registered_and_unregistered_notebooks_is_refused(tmp_path):
    from review_tools.run import stage_notebooks

    for name in ("01-ingest-dedup.ipynb", "02-screening.ipynb", "08-extra.ipynb"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    with pytest.raises(ReviewToolsError, match=r"missing 03-coding.ipynb.*not registered: 08-extra.ipynb"):
        stage_notebooks(tmp_path)


def test_architecture_doc_table_is_generated_from_stages():
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- stages:begin[^\n]*-->\n(.*?)<!-- stages:end -->", doc, re.S)
    assert m, "docs/architecture.md lacks the generated stage table"
    assert m.group(1) == markdown_table(), "regenerate it with: review-tools stages --markdown"
    for s in STAGES:  # "what does stage 03 read and write" answered in one place
        assert s.id in m.group(1) and all(f"`{a.name}`" in m.group(1) for a in s.writes)


def test_cli_prints_the_stages(capsys):
    from review_tools.cli import main

    assert main(["stages"]) == 0
    out = capsys.readouterr().out
    assert [line.split()[0] for line in out.splitlines()] == [s.id for s in STAGES]
    assert main(["stages", "--markdown"]) == 0
    assert capsys.readouterr().out == markdown_table()


# ----------------------------------------------------------------------------------- reading and writing


def test_write_artefact_refuses_undeclared_files_and_columns(tmp_path):
    good = pd.DataFrame({"merged_ids": ["a;b"], "tier": ["probable"]})
    path = write_artefact(good, tmp_path, "01-ingest-dedup/groups.csv")
    assert path == tmp_path / "artefacts" / "01-ingest-dedup" / "groups.csv"
    with pytest.raises(StageInputError, match="undeclared column.*extra"):
        write_artefact(good.assign(extra=1), tmp_path, "01-ingest-dedup/groups.csv")
    with pytest.raises(StageInputError, match="missing column.*tier"):
        write_artefact(good.drop(columns="tier"), tmp_path, "01-ingest-dedup/groups.csv")
    with pytest.raises(ReviewToolsError, match="does not declare the artefact 'other.csv'"):
        write_artefact(good, tmp_path, "01-ingest-dedup/other.csv")


def test_the_report_stage_writes_to_its_own_folder(tmp_path):
    table = pd.DataFrame(columns=pipeline.artefact("07-synthesis-report/monitoring.csv").columns)
    assert write_artefact(table, tmp_path, "07-synthesis-report/monitoring.csv").parent.name == "07-synthesis"


def test_read_artefact_names_the_stage_to_run_and_the_missing_columns(tmp_path):
    with pytest.raises(StageInputError, match="artefact missing; run the notebook of stage '01-ingest-dedup'"):
        read_artefact(tmp_path, "01-ingest-dedup/deduped.csv")
    assert read_artefact(tmp_path, "01-ingest-dedup/source_counts.csv", optional=True) is None
    folder = tmp_path / "artefacts" / "01-ingest-dedup"
    folder.mkdir(parents=True)
    pd.DataFrame({"merged_ids": ["a"]}).to_csv(folder / "groups.csv", index=False)
    with pytest.raises(StageInputError, match=r"groups.csv: missing column\(s\) tier; re-run .* 01-ingest-dedup"):
        read_artefact(tmp_path, "01-ingest-dedup/groups.csv")
    assert list(read_artefact(tmp_path, "01-ingest-dedup/groups.csv", need=["merged_ids"]).columns) == ["merged_ids"]


def test_a_stage_reads_only_what_it_declares(tmp_path):
    rec = StageRecorder("02-screening", tmp_path)
    with pytest.raises(ReviewToolsError, match="02-screening reads 01-ingest-dedup/groups.csv, which it does not declare"):
        rec.read("01-ingest-dedup/groups.csv")


def test_recorder_checks_required_artefacts_and_captures_warnings(tmp_path):
    import warnings

    from review_tools.errors import ReviewToolsWarning

    rec = StageRecorder("05-indicator-data", tmp_path)
    with rec.capture():
        warnings.warn("a library warning", ReviewToolsWarning, stacklevel=1)
    assert rec.warnings == ["a library warning"]
    rec.write(pd.DataFrame(columns=["indicator_id", "citation"]), "citations.csv")
    with pytest.raises(ReviewToolsError, match="did not write its artefact.*indicator_data.csv"):
        rec.finish({"period": "2000-2012"})
    with pytest.raises(ReviewToolsError, match="does not declare the artefact 'x.png'"):
        rec.save_figures({"x": object()})


# ----------------------------------------------------------------------------------- paths


def test_relative_paths_resolve_from_the_project_root_not_the_kernel_cwd(monkeypatch):
    monkeypatch.delenv(paths.HOME_VARIABLE, raising=False)
    monkeypatch.chdir(NOTEBOOKS)  # JupyterLab's working folder for a notebook
    assert paths.project_root() == ROOT
    cfg, corpus, run = paths.open_review("review", "corpus", "")
    assert cfg.root == ROOT / "review" and corpus == ROOT / "corpus"
    assert run == ROOT / "outputs" / "_interactive", "an interactive session never writes into a finished run"
    assert paths.open_review("review", "corpus", "outputs/demo")[2] == ROOT / "outputs" / "demo"


def test_a_copied_review_folder_and_review_tools_home(tmp_path, monkeypatch):
    import shutil

    monkeypatch.delenv(paths.HOME_VARIABLE, raising=False)
    copy = tmp_path / "my review"
    shutil.copytree(ROOT / "review", copy / "review", ignore=shutil.ignore_patterns("*.db", "*.db-*", "keys"))
    (copy / "notebooks").mkdir()
    monkeypatch.chdir(copy / "notebooks")
    assert paths.project_root() == copy
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(paths.HOME_VARIABLE, str(copy))
    assert paths.resolve("review") == copy / "review"
    assert paths.resolve(tmp_path / "elsewhere") == tmp_path / "elsewhere"


# ----------------------------------------------------------------------------------- notebooks


@pytest.mark.parametrize("stage", STAGES, ids=lambda s: s.id)
def test_notebook_matches_its_builder(stage):
    builder = NOTEBOOKS / f"build_{stage.id.replace('-', '_')}.py"
    assert builder.exists(), f"{stage.notebook} has no builder {builder.name}"
    sys.path.insert(0, str(NOTEBOOKS))
    try:
        spec = importlib.util.spec_from_file_location(f"_builder_{builder.stem}", builder)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)  # the builder writes only under __main__
        built = importlib.import_module("_nbbuild").build(module.CELLS)
    finally:
        sys.path.remove(str(NOTEBOOKS))
    shipped = nbformat.read(str(NOTEBOOKS / stage.notebook), as_version=4)

    def cells(nb):
        return [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in nb.cells]

    assert cells(shipped) == cells(built), f"rebuild it: .venv/bin/python notebooks/{builder.name}"


@pytest.mark.parametrize("stage", STAGES, ids=lambda s: s.id)
def test_notebook_calls_its_stage_module_once(stage):
    nb = nbformat.read(str(NOTEBOOKS / stage.notebook), as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    name = stage.module.rsplit(".", 1)[1]
    assert f"from review_tools.stages import {name}" in code
    assert len(re.findall(rf"\b{name}\.run\(", code)) == 1
    assert "pipeline.open_review(" in code
    params = next(c.source for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    assert re.search(r'^run_dir = ""', params, re.M), "the default run is the interactive workspace"


# ----------------------------------------------------------------------------------- imports


def _package_imports() -> dict[str, set[str]]:
    """Edges between the top-level packages/modules of review_tools, from every import in src/ (also in functions)."""
    edges: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
        is_pkg = parts[-1] == "__init__"
        if is_pkg:
            parts = parts[:-1]
        if len(parts) < 2:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = parts if is_pkg else parts[:-1]
                    base = base[: len(base) - (node.level - 1)]
                    mod = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    mod = node.module or ""
                targets = [mod, *(f"{mod}.{a.name}" for a in node.names)]
            else:
                continue
            for t in targets:
                if t.startswith("review_tools.") and t.split(".")[1] != parts[1]:
                    edges.setdefault(parts[1], set()).add(t.split(".")[1])
    return edges


def test_no_import_cycle_between_packages():
    edges = _package_imports()
    assert "pipeline" in edges["stages"] and "social_reports" in edges["stages"]  # the walk sees function-level imports
    cycles = _cycles(edges)
    assert not cycles, "import cycles between packages: " + "; ".join(
        " <-> ".join(c) + f" ({', '.join(f'{a}->{b}' for a in c for b in sorted(edges[a] & set(c)))})" for c in cycles)


def test_cycle_finder_finds_a_cycle_through_three_packages():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_stage_modules_only_are_imported_by_no_domain_package():
    edges = _package_imports()
    assert not [a for a, bs in edges.items() if "stages" in bs], "domain packages must not import the stage modules"


# ----------------------------------------------------------------------------------- test marks

#: Calls that start a kernel, a subprocess or a whole pipeline: a test doing them is slow.
SLOW_CALLS = re.compile(r"\b(execute_notebook|run_review|run_batch|WarmKernel|subprocess\.(run|Popen|check_output|check_call))\b")


def _slow_marked(decorators) -> bool:
    return any("mark.slow" in ast.unparse(d) for d in decorators)


def _unmarked_slow_tests() -> list[str]:
    found = []
    for path in sorted((ROOT / "tests").glob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module_slow = any(isinstance(n, ast.Assign) and any(getattr(t, "id", "") == "pytestmark" for t in n.targets)
                          and "slow" in ast.unparse(n.value) for n in tree.body)
        if module_slow:
            continue
        funcs = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
        slow_helpers = {name for name, f in funcs.items() if SLOW_CALLS.search(ast.unparse(f))}
        changed = True
        while changed:  # fixtures and helpers of the module that call a slow helper are slow too
            changed = False
            for name, f in funcs.items():
                if name not in slow_helpers and any(
                        isinstance(n, ast.Name) and n.id in slow_helpers for n in ast.walk(f)) | any(
                        a.arg in slow_helpers for a in f.args.args):
                    slow_helpers.add(name)
                    changed = True
        for name, f in funcs.items():
            if name.startswith("test_") and name in slow_helpers and not _slow_marked(f.decorator_list):
                found.append(f"{path.name}::{name}")
    return found


def test_tests_that_start_kernels_or_subprocesses_are_marked_slow():
    unmarked = _unmarked_slow_tests()
    assert not unmarked, f"mark these @pytest.mark.slow: {unmarked}"


def test_make_test_runs_the_slow_tests_too():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^test:.*\n((?:\t.*\n)+)", makefile, re.M).group(1)
    assert "pytest" in recipe and "not slow" not in recipe
    assert "not slow" not in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_an_interactive_session_starts_from_the_run_that_finished_last(tmp_path):
    import json
    import warnings

    from review_tools.errors import ReviewToolsWarning

    outputs = tmp_path / "outputs"
    for name, status, finished, tier in (("old", "ok", "2026-01-01T00:00:00", "old"),
                                         ("new", "ok", "2026-02-01T00:00:00", "new"),
                                         ("broken", "failed", "2026-03-01T00:00:00", "broken")):
        (outputs / name).mkdir(parents=True)
        (outputs / name / "manifest.json").write_text(json.dumps({"status": status, "finished": finished}))
        write_artefact(pd.DataFrame({"merged_ids": ["a"], "tier": [tier]}), outputs / name, "01-ingest-dedup/groups.csv")
    workspace = outputs / "_interactive"
    rec = StageRecorder("02-screening", workspace)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(StageInputError, match="deduped.csv: artefact missing"):  # not in run 'new' either
            rec.read("01-ingest-dedup/deduped.csv")
    assert "copied from the run 'new'" in str(next(w for w in caught if w.category is ReviewToolsWarning).message)
    assert (workspace / "artefacts" / "01-ingest-dedup" / "groups.csv").exists()
    assert pd.read_csv(outputs / "new" / "artefacts" / "01-ingest-dedup" / "groups.csv")["tier"].tolist() == ["new"]
    # only the workspace is seeded: a stage running into a named run reads that run's artefacts alone
    assert not paths.is_interactive(outputs / "new") and paths.is_interactive(workspace)
    with pytest.raises(StageInputError, match="old.*deduped.csv: artefact missing"):
        StageRecorder("02-screening", outputs / "old").read("01-ingest-dedup/deduped.csv")
    assert not (outputs / "old" / "artefacts" / "02-screening").exists()


# ----------------------------------------------------------------------------------- no I/O in domain packages

#: The domain packages (issue 12): logic only, frames in and frames out. File access lives in readers/,
#: stages/, the config side (config.py, _config_*.py), writers.py, codebook_files.py and db/.
DOMAIN = ("ingest", "dedup", "screening", "coding", "pseudonymise", "indicators", "social_reports", "synthesis",
          "extraction")
#: Methods that read or write files, whatever object they are called on (Path, DataFrame, Figure, zip).
IO_METHODS = {"read_text", "read_bytes", "write_text", "write_bytes", "open", "to_csv", "to_excel", "to_parquet",
              "to_json", "to_pickle", "to_feather", "to_hdf", "to_stata", "to_html", "savefig", "mkdir", "unlink",
              "touch", "rmdir", "iterdir", "glob", "rglob"}
#: Module functions that read or write files.
IO_FUNCTIONS = {("os", "open"), ("os", "replace"), ("os", "remove"), ("os", "unlink"), ("os", "rename"),
                ("os", "makedirs"), ("os", "listdir"), ("shutil", "*"), ("tempfile", "*"), ("zipfile", "ZipFile"),
                ("sqlite3", "connect"), ("json", "load"), ("json", "dump"), ("yaml", "safe_load_all"),
                ("np", "load"), ("np", "save"), ("joblib", "load"), ("joblib", "dump"), ("pickle", "load"),
                ("pickle", "dump"), ("writers", "*")}
#: No exception is needed: the screening and coding packages keep reviewers' decisions (durable human work)
#: in the review database through a connection the caller opens in db/ (``conn.execute``), never a file.


def _domain_files(src=SRC):
    for name in DOMAIN:
        yield from sorted((src / name).rglob("*.py")) if (src / name).is_dir() else ()
        yield from sorted(p for p in (src / f"{name}.py", *src.glob(f"_{name}_*.py")) if p.is_file())


def _io_calls(path, src=SRC):
    """``(file, line, call)`` of every call in ``path`` that reads or writes a file."""
    rel = path.relative_to(src).as_posix()
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        fn, name = node.func, None
        if isinstance(fn, ast.Name) and fn.id == "open":
            name = "open"
        elif isinstance(fn, ast.Attribute):
            owner = fn.value.id if isinstance(fn.value, ast.Name) else ""
            if fn.attr in IO_METHODS or (owner, fn.attr) in IO_FUNCTIONS or (owner, "*") in IO_FUNCTIONS:
                name = f"{owner + '.' if owner else ''}{fn.attr}"
            elif owner in ("pd", "pandas") and fn.attr.startswith("read_"):
                name = fn.attr
        if name:
            found.append((node.lineno, f"{rel}:{node.lineno} {name}()"))
    return [c for _, c in sorted(found)]


def test_domain_packages_do_no_file_io():
    files = list(_domain_files())
    assert {p.relative_to(SRC).parts[0] for p in files} >= {"ingest.py", "dedup", "screening", "coding",
                                                            "pseudonymise.py", "indicators", "social_reports",
                                                            "synthesis"}
    calls = [c for p in files for c in _io_calls(p)]
    assert not calls, ("domain packages must not read or write files (move it to readers/, stages/, the "
                       "config side or db/):\n  " + "\n  ".join(calls))


def test_the_io_scan_sees_io_in_a_domain_package(tmp_path):
    pkg = tmp_path / "synthesis"
    pkg.mkdir()
    (pkg / "leak.py").write_text(
        "import pandas as pd, os\n"
        "def f(p, df):\n"
        "    df.to_csv(p)\n"
        "    x = pd.read_csv(p)\n"
        "    with open(p) as fh:\n"
        "        pass\n"
        "    os.replace(p, p)\n"
        "    return p.read_text(), x\n"
        "def g(df):\n"
        "    return df.rename(columns={}).groupby('a').size()\n", encoding="utf-8")
    calls = [c for p in _domain_files(tmp_path) for c in _io_calls(p, tmp_path)]
    assert calls == ["synthesis/leak.py:3 df.to_csv()", "synthesis/leak.py:4 read_csv()", "synthesis/leak.py:5 open()",
                     "synthesis/leak.py:7 os.replace()", "synthesis/leak.py:8 p.read_text()"]


def test_no_module_exceeds_500_lines():
    long = {p.relative_to(SRC).as_posix(): n for p in SRC.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500}
    assert not long, f"modules over 500 lines (split them): {long}"
