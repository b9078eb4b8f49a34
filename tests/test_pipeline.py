"""End to end: the whole pipeline on a tiny corpus and on the demo review, checked as a reader would.

Both runs execute every stage notebook with papermill (slow: about a minute each).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from review_tools.run import run_review

from ._demo_runs import demo_run
from .conftest import DATA, ROOT

pytestmark = pytest.mark.slow

TEXT_SUFFIXES = {".html", ".csv", ".json", ".ipynb", ".svg", ".txt", ".md"}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
PHONE = re.compile(r"(?:\+358|\b0)\s?\d{2}[\s-]?\d{3}[\s-]?\d{2,4}\b")
HETU = re.compile(r"\b\d{6}[-+A]\d{3}[0-9A-Y]\b")


def _run(tmp_path_factory, review: Path, corpus: Path, name: str, params: dict | None = None):
    base = tmp_path_factory.mktemp(name)
    review_copy = base / "review"
    shutil.copytree(review, review_copy, ignore=shutil.ignore_patterns("*.db", "*.db-*", "keys"))
    result = run_review(review_copy, corpus, base / "outputs", name, params or {}, notebooks_dir=ROOT / "notebooks",
                        progress=False)
    return result, review_copy


def raw_identifiers(review: Path, corpus: Path) -> set[str]:
    """Identifiers a reader must never find in outputs: informants' names and what the transcripts hold."""
    found: set[str] = set()
    informants = yaml.safe_load((review / "informants.yaml").read_text(encoding="utf-8"))
    for inf in informants["informants"]:
        if inf.get("name"):
            found.add(inf["name"])
    for path in list((corpus / "interviews").glob("*")) + list((corpus / "social_reports").glob("*.csv")):
        if path.suffix.lower() in {".txt", ".vtt", ".srt", ".csv"}:
            text = path.read_text(encoding="utf-8-sig")
            for pat in (EMAIL, PHONE, HETU):
                found.update(m.group(0) for m in pat.finditer(text))
    return {f for f in found if len(f) >= 6}


def scan_outputs(run_dir: Path, identifiers: set[str]) -> list[str]:
    leaks = []
    for path in run_dir.rglob("*"):
        if path.is_file() and path.suffix in TEXT_SUFFIXES:
            text = path.read_text(encoding="utf-8", errors="replace")
            leaks += [f"{path.relative_to(run_dir)}: {ident}" for ident in identifiers if ident in text]
    return leaks


def internal_links_resolve(html: str) -> list[str]:
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    return sorted({h for h in re.findall(r'href="#([^"]+)"', html) if h not in ids})


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    corpus = DATA / "tiny_corpus"
    result, review = _run(tmp_path_factory, DATA / "tiny_review", corpus, "tiny")
    return result, review, corpus


def test_tiny_run_report_content(tiny):
    result, review, _ = tiny
    assert [s.status for s in result.stages] == ["ok"] * len(result.stages)
    report = result.report.read_text(encoding="utf-8")
    protocol = yaml.safe_load((review / "protocol.yaml").read_text(encoding="utf-8"))
    for source in protocol["sources"]:
        assert source["name"] in report, f"the report does not show source {source['name']}"
    assert "PRISMA" in report
    recs = yaml.safe_load((review / "recommendations.yaml").read_text(encoding="utf-8"))["recommendations"]
    for rec in recs:
        assert rec["statement"]["en"][:40] in report
    codebook = yaml.safe_load((review / "codebook.yaml").read_text(encoding="utf-8"))
    labels = [c["label"]["en"] for c in codebook["codes"] if c["id"].count(".") >= 2]
    assert sum(label in report for label in labels) >= 3, "theme findings missing from the report"
    assert internal_links_resolve(report) == []
    assert "<script" not in report.lower()


def test_tiny_run_counts_agree_with_artefacts(tiny):
    result, _, _ = tiny
    art = result.run_dir / "artefacts"
    import pandas as pd

    records = pd.read_csv(art / "01-ingest-dedup" / "records.csv")
    counts = pd.read_csv(art / "01-ingest-dedup" / "source_counts.csv")
    assert counts["records"].sum() == len(records)
    prisma = json.loads((art / "02-screening" / "prisma.json").read_text(encoding="utf-8"))
    deduped = pd.read_csv(art / "01-ingest-dedup" / "deduped.csv")
    assert prisma["duplicates_removed"] == len(records) - len(deduped)


def test_tiny_run_leaks_no_identifiers(tiny):
    result, review, corpus = tiny
    identifiers = raw_identifiers(review, corpus)
    assert len(identifiers) >= 3, "the tiny corpus should plant identifiers"
    assert scan_outputs(result.run_dir, identifiers) == []
    manifest = json.loads((result.run_dir / "manifest.json").read_text(encoding="utf-8"))
    counts = json.dumps(manifest["stage_outputs"])
    assert "email" in counts and "phone" in counts


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    if not (ROOT / "corpus" / "interviews").is_dir():
        pytest.skip("the demo corpus is missing")
    return demo_run(tmp_path_factory)  # built once per session, shared read-only with other modules


def test_demo_run_leaks_no_identifiers(demo):
    result, review = demo
    identifiers = raw_identifiers(review, ROOT / "corpus")
    assert len(identifiers) >= 10
    assert scan_outputs(result.run_dir, identifiers) == []


def test_demo_report_links_and_size(demo):
    result, _ = demo
    report = result.report.read_text(encoding="utf-8")
    assert internal_links_resolve(report) == []
    assert result.report.stat().st_size <= 5 * 1024 * 1024
    assert not re.search(r"""<(script|link)[^>]+(src|href)=["']https?://""", report)


def catalogue_problems(run_dir: Path) -> list[str]:
    """Every way the run's artefacts differ from review_tools.pipeline.STAGES (files and table columns)."""
    import pandas as pd

    from review_tools.pipeline import STAGES

    problems = []
    for stage in STAGES:
        folder = run_dir / "artefacts" / stage.artefact_dir
        written = {p.name for p in folder.iterdir()} if folder.is_dir() else set()
        declared = {a.name: a for a in stage.writes}
        problems += [f"{stage.id}: undeclared {n}" for n in sorted(written - set(declared))]
        problems += [f"{stage.id}: missing {a.name}" for a in stage.writes if a.required and a.name not in written]
        for a in stage.writes:
            if a.is_table and a.name in written:
                cols = list(pd.read_csv(folder / a.name, nrows=0).columns)
                ok = set(a.columns) <= set(cols) if a.open_columns else cols == list(a.columns)
                if not ok:
                    problems.append(f"{stage.id}/{a.name}: columns {cols}, declared {list(a.columns)}")
    return problems


def figure_text_pages(run_dir: Path) -> list[str]:
    """Pages of the run that show a figure's text representation instead of the figure."""
    pages = sorted((run_dir / "html").glob("*.html")) + [run_dir / "report.html"]
    return [p.name for p in pages if re.search(r"(<|&lt;)Figure size", p.read_text(encoding="utf-8"))]


def test_tiny_run_writes_exactly_the_declared_artefacts(tiny):
    result, _, _ = tiny
    assert catalogue_problems(result.run_dir) == []


def test_demo_run_writes_exactly_the_declared_artefacts_and_every_page_shows_its_figures(demo):
    result, _ = demo
    assert catalogue_problems(result.run_dir) == []
    assert figure_text_pages(result.run_dir) == []
    screening = (result.run_dir / "html" / "02-screening.html").read_text(encoding="utf-8")
    alts = re.findall(r'<img[^>]+alt="([^"]*)"[^>]*src="data:image/png', screening)
    assert any("prisma" in a.lower() for a in alts) and any("stopping" in a.lower() for a in alts), alts
    for page, at_least in (("01-ingest-dedup", 1), ("03-coding", 4), ("06-regional-profile", 4)):
        html = (result.run_dir / "html" / f"{page}.html").read_text(encoding="utf-8")
        assert html.count('src="data:image/png') >= at_least, page


def test_figure_text_check_fails_on_a_page_without_its_figure(tmp_path):
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "02-screening.html").write_text("<pre>&lt;Figure size 1000x803 with 1 Axes&gt;</pre>")
    (tmp_path / "report.html").write_text("<p>ok</p>")
    assert figure_text_pages(tmp_path) == ["02-screening.html"]


def test_demo_report_shows_the_diak_signals_named_by_what_they_test(demo):
    result, _ = demo
    page = result.report.read_text(encoding="utf-8")
    section = page[page.index('id="indicator-signals"'):]
    for heading in ("Level against the whole country", "Level against similar counties",
                    "Trend over the period (95 % confidence interval)", "Rank among the 21 wellbeing services counties",
                    "Series breaks", "median region = 100"):
        assert heading in section
    signals = pd.read_csv(result.run_dir / "artefacts" / "06-regional-profile" / "signals.csv", dtype={"region_code": str})
    assert set(signals["region_code"]) == {"5"} and signals["rank"].between(1, 21).all()
    assert "do not overlap" in section  # the period-overlap warning of the stage is listed


def provenance_stage_rows(report_html: str, language: str) -> list[list[str]]:
    """The rows of the provenance appendix's table of stages, as the cells' text."""
    from review_tools.report.i18n import t

    section = report_html[report_html.index('id="provenance"'):]
    heading = section.index(t("stage_table", language))
    table = section[heading:section.index("</table>", heading)]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    cells = [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)] for r in rows]
    return [c for c in cells if c]


def check_report_stage_row(report_html: str, language: str) -> None:
    """Every stage 01-07 has a row; the report's own stage (07, still running while it writes the report) says so."""
    from review_tools.pipeline import STAGES
    from review_tools.report.i18n import t

    rows = provenance_stage_rows(report_html, language)
    assert [r[0].split(" ", 1)[0] for r in rows] == [s.id.split("-", 1)[0] for s in STAGES], rows
    assert rows[-1] == [f"07 {t('stage_synthesis_report', language)}", "", "", t("stage_writes_report", language)]
    assert all(r[3] == t("stage_ok", language) and r[1] for r in rows[:-1]), rows


def test_demo_report_lists_every_stage_with_the_report_stage_in_progress(demo):
    result, _ = demo
    check_report_stage_row(result.report.read_text(encoding="utf-8"), "en")


def _fact(page: str, label: str) -> str:
    """The text of a stage page's fact (a row of a two-column sheet) by its label."""
    import html

    m = re.search(r"<th[^>]*>\s*" + re.escape(html.escape(label, quote=False)) + r"\s*</th>\s*<td[^>]*>(.*?)</td>", page, re.S)
    assert m, f"no fact '{label}' on the page"
    return html.unescape(re.sub(r"<[^>]+>", "", m.group(1))).strip()


def check_stage_page_labels(run_dir: Path, language: str) -> None:
    """Stage pages name the review's own codes by their labels, not by their keys: the full-text exclusion
    reasons (02) and the indicators and themes the social reports fed back to (04)."""
    from review_tools.config import load_review
    from review_tools.report.i18n import t, v
    from review_tools.screening.derive import reason_labels

    cfg = load_review(ROOT / "review")
    screening = (run_dir / "html" / "02-screening.html").read_text(encoding="utf-8")
    shown = _fact(screening, t("col_excluded_ft_by_reason", language))
    reasons = reason_labels(cfg, language)
    assert not [c for c in reasons if re.search(rf"(?<!\w){c}:", shown)], shown  # no reason code
    assert sum(f"{label}: " in shown for label in [*reasons.values(), v("unspecified", language)]) >= 2, shown
    assert f"<th scope=\"col\">{t('col_n', language)}</th>" in screening and "<th scope=\"col\">n</th>" not in screening
    social = (run_dir / "html" / "04-social-reports.html").read_text(encoding="utf-8")
    titles = [i.title.get(language) for i in cfg.indicators.indicators]
    labels = [c.label.get(language) for c in cfg.codebook.codes]
    assert any(f">{x} (" in social for x in titles) and any(f">{x} (" in social for x in labels)
    indicators = (run_dir / "html" / "05-indicator-data.html").read_text(encoding="utf-8")
    profile = (run_dir / "html" / "06-regional-profile.html").read_text(encoding="utf-8")
    ids = [i.id for i in cfg.indicators.indicators]
    phenomena = pd.read_csv(run_dir / "artefacts" / "06-regional-profile" / "phenomena_indicators.csv")["phenomenon"]
    keys = [k for k in phenomena.astype(str).unique() if "_" in k]
    assert keys and ids
    for page in (indicators, profile):  # cells of tables: titles and words, no key
        cells = {m.strip() for m in re.findall(r"<td[^>]*>([^<]*)</td>", page)}
        assert not cells & set(ids) and not cells & set(keys), sorted(cells & (set(ids) | set(keys)))
    assert any(f">{x}</td>" in indicators for x in titles)
    for page in [*sorted((run_dir / "html").glob("0*.html")), run_dir / "report.html"]:  # no column named by its key
        headers = re.findall(r'<th scope="col">([^<]*)</th>', page.read_text(encoding="utf-8"))
        raw = [h for h in headers if h.strip() in ("id", "n") or re.search(r"[a-z0-9]_[a-z0-9]", h)]
        assert headers and not raw, (page.name, raw)


def test_demo_stage_pages_name_codes_by_their_labels(demo):
    result, _ = demo
    check_stage_page_labels(result.run_dir, "en")
