"""Evidence = reviewed codings, checked on the demo as a reader sees the report (headless Chromium).

The demo is run twice with ``review-tools run``: as shipped, and with every lexicon-only coding removed
(stage 03's thresholds above any score, so no keyword suggestion becomes a ``lexicon`` coding, and stage
04's ``report_top_k=0``, so no social report gets suggested codes). Both reports are loaded in Chromium:

- every evidence count of the matrix (per theme and stream, with its worse/better split, direction and
  convergence) is the same in both: lexicon codings were never counted;
- the shipped run has lexicon codings (so the comparison is not empty), and the units only a suggestion
  coded appear in the report only in the appendix of code suggestions, never in the findings;
- every theme says which streams its convergence rests on, and they are the streams of the matrix whose
  counts lean a way (worse or better), interviews and literature among them where coders marked directions.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from review_tools.cli import main

from ._demo_runs import demo_run
from ._jupyterlab import CHROMIUM_ARGS, chromium_executable, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
STREAM_COLUMNS = ("Literature", "Interviews", "Social reports", "Indicators")

pytestmark = [pytest.mark.slow, pytest.mark.browser]

READ_REPORT = """() => {
  const matrix = document.querySelector('#evidence-matrix').parentElement.querySelector('table');
  const head = [...matrix.querySelectorAll('thead th')].map(th => th.innerText.trim());
  const rows = [...matrix.querySelectorAll('tbody tr')].map(tr => [...tr.querySelectorAll('td')].map(td => td.innerText.trim()));
  const section = id => { const h = document.getElementById(id); return h ? h.closest('section') : null; };
  const hrefs = el => el ? [...el.querySelectorAll('a[href^="#"]')].map(a => a.getAttribute('href')) : [];
  const themes = [...section('findings').querySelectorAll('h3[id^="theme-"]')].map(h => {
    let p = h.nextElementSibling;
    while (p && !p.querySelector('.rt-direction-streams') && p.tagName !== 'H3') p = p.nextElementSibling;
    const named = p && p.querySelector('.rt-direction-streams');
    return [h.id.slice(6), named ? named.innerText.trim() : null];
  });
  return {head, rows, themes, findings: hrefs(section('findings')),
          appendix: section('suggestions') ? section('suggestions').innerText : '',
          basis: (document.querySelector('.rt-evidence-basis') || {}).innerText || ''};
}"""


def _run(root: Path, out: Path, name: str, *params: str) -> Path:
    args = ["run", "--review", str(root / "review"), "--corpus", str(root / "corpus"), "--out", str(out),
            "--name", name, "--notebooks", str(ROOT / "notebooks"), "--no-progress"]
    for p in params:
        args += ["-p", p]
    assert main(args) == 0
    return out / name


def _project(tmp: Path, name: str) -> Path:
    root = tmp / name
    shutil.copytree(ROOT / "review", root / "review", ignore=shutil.ignore_patterns("*.db*", "keys"))
    shutil.copytree(ROOT / "corpus", root / "corpus")
    return root


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    executable = chromium_executable()
    tmp = tmp_path_factory.mktemp("evidence")
    shipped = demo_run(tmp_path_factory)[0].run_dir  # the demo as shipped: built once per session, read-only
    stripped = _run(_project(tmp, "b"), tmp / "out", "no-lexicon", "lexicon_threshold=2", "literature_threshold=2",
                    "report_top_k=0")
    seen = {}
    with sync_playwright()() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page()
        for key, run in (("shipped", shipped), ("stripped", stripped)):
            page.goto((run / "report.html").as_uri(), wait_until="load")
            seen[key] = page.evaluate(READ_REPORT)
        browser.close()
    return {"shipped": shipped, "stripped": stripped, "seen": seen}


def test_removing_every_lexicon_only_coding_changes_no_evidence_count(runs):
    a = pd.read_csv(runs["shipped"] / "artefacts" / "03-coding" / "codings.csv")
    b = pd.read_csv(runs["stripped"] / "artefacts" / "03-coding" / "codings.csv")
    ra = pd.read_csv(runs["shipped"] / "artefacts" / "04-social-reports" / "social_reports.csv")
    rb = pd.read_csv(runs["stripped"] / "artefacts" / "04-social-reports" / "social_reports.csv")
    assert (a["origin"] == "lexicon").sum() >= 50 and (ra["code_origin"] == "suggested").sum() >= 1
    assert (b["origin"] == "lexicon").sum() == 0 and (rb["code_origin"] == "suggested").sum() == 0
    # the reviewed codings are the same in both runs (the demo team's work in the review database)
    keep = ["unit_id", "code", "coder", "origin"]
    assert a[a["origin"] != "lexicon"][keep].sort_values(keep).values.tolist() == b[keep].sort_values(keep).values.tolist()
    sa, sb = runs["seen"]["shipped"], runs["seen"]["stripped"]
    assert [c for c in STREAM_COLUMNS if c in sa["head"]] == list(STREAM_COLUMNS)
    assert len(sa["rows"]) >= 10
    assert sa["rows"] == sb["rows"], "an evidence count of the matrix changed when the lexicon codings were removed"
    assert sum(int(r[1].split()[0]) + int(r[2].split()[0]) for r in sa["rows"]) > 0  # literature and interviews count
    assert "not counted" in sa["basis"]


def test_suggestions_appear_only_in_the_appendix(runs):
    a = pd.read_csv(runs["shipped"] / "artefacts" / "03-coding" / "codings.csv")
    reps = pd.read_csv(runs["shipped"] / "artefacts" / "04-social-reports" / "social_reports.csv", dtype=str)
    reviewed = set(a.loc[a["origin"] != "lexicon", "unit_id"])
    lexicon_only = sorted(set(a.loc[a["origin"] == "lexicon", "unit_id"]) - reviewed)
    suggested_reports = sorted(reps.loc[reps["code_origin"] == "suggested", "report_id"])
    assert lexicon_only and suggested_reports
    seen = runs["seen"]["shipped"]
    findings = set(seen["findings"])
    for unit in lexicon_only:
        assert not any(h.endswith(unit.replace(":", "_")) for h in findings), f"{unit}: a suggestion in the findings"
    for rid in suggested_reports:
        assert f"#report-{rid}" not in findings, f"{rid}: a report coded only by suggestion in the findings"
    appendix = seen["appendix"]
    assert sum(unit in appendix for unit in lexicon_only) == len(lexicon_only)
    # the region's reports with suggested codes are listed there too, and every study says what it was coded on
    region_reps = reps[(reps["code_origin"] == "suggested") & (reps["county_code"] == "5")]["report_id"]
    assert all(rid in appendix for rid in region_reps)
    assert "full text" in appendix and "abstract" in appendix


def test_convergence_names_the_streams_that_carried_direction(runs):
    seen = runs["seen"]["shipped"]
    head = seen["head"]
    col = {name: head.index(name) for name in (*STREAM_COLUMNS, "Streams with a direction", "Convergence")}
    named_in_themes = dict(seen["themes"])
    carried_by = set()
    for row in seen["rows"]:
        theme = row[0].split()[0]
        leaning = []
        for stream in STREAM_COLUMNS:
            cell = row[col[stream]]
            if "↓" in cell:
                worse, better = (int(x.strip("↓↑ ()")) for x in cell.split("(")[1].split())
                if worse or better:
                    leaning.append(stream)
        named = [s.strip() for s in row[col["Streams with a direction"]].split(",") if s.strip()]
        assert named == leaning, f"{theme}: convergence named {named}, the counts lean in {leaning}"
        carried_by |= set(named)
        sentence = named_in_themes[theme]
        if named:
            assert sentence.startswith("Convergence from the streams that carry a direction:")
            assert all(s in sentence for s in named), (theme, sentence)
        elif row[col["Convergence"]] != "no evidence":
            assert sentence == "No stream carries a direction."
    # the coders' directions bring interviews and literature into the convergence
    assert {"Interviews", "Literature", "Social reports"} <= carried_by
