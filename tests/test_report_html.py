"""The report's HTML: sections in en and fi, working internal links, self-contained, size."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from review_tools import report
from review_tools import synthesis as syn
from review_tools.config import load_review
from review_tools.errors import ConfigError
from review_tools.stages.synthesis_report import load_artefacts

RUN = Path(__file__).resolve().parent / "data" / "synthesis_run"
SECTION_IDS = [
    "description", "background", "methods", "confidence", "findings", "regional-profile", "social-reporting",
    "recommendations", "monitoring", "follow-up", "welfare-report", "limitations", "suggestions", "references", "provenance",
    "accessibility",
]
HEADINGS = {
    "en": ["Description sheet", "Background and concepts", "Methods by work package",
           "Findings and confidence (GRADE-CERQual)", "Findings per theme",
           "Regional profile", "Social-reporting findings", "Recommendations", "Monitoring indicators",
           "Follow-up of the monitoring indicators", "Welfare report and plan", "Limitations", "Code suggestions (proposals, not evidence)", "References and evidence",
           "Provenance", "Accessibility statement"],
    "fi": ["Kuvailulehti", "Tausta ja käsitteet", "Menetelmät työpaketeittain",
           "Tulokset ja niiden luotettavuus (GRADE-CERQual)", "Tulokset teemoittain",
           "Alueprofiili", "Sosiaalisen raportoinnin havainnot", "Suositukset", "Seurantaindikaattorit",
           "Seurantaindikaattorien seuranta", "Hyvinvointikertomus ja -suunnitelma", "Rajoitukset", "Koodiehdotukset (ehdotuksia, ei näyttöä)", "Lähteet ja näyttö",
           "Alkuperätiedot", "Saavutettavuusseloste"],
}


class Scan(HTMLParser):
    """Collect ids, internal and external references, and resource-loading elements of a page."""

    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.internal: list[str] = []
        self.external_resources: list[str] = []
        self.scripts = 0
        self.img_src: list[str] = []
        self.styles: list[str] = []
        self._in_style = False
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        href = a.get("href") or ""
        if tag == "a" and href.startswith("#"):
            self.internal.append(href[1:])
        if tag == "script":
            self.scripts += 1
        if tag in ("link", "script", "img", "iframe", "source", "object", "embed"):
            for key in ("href", "src", "data"):
                val = a.get(key) or ""
                if val and not val.startswith(("data:", "#")):
                    self.external_resources.append(f"<{tag} {key}={val}>")
        if tag == "img":
            self.img_src.append(a.get("src", ""))
        if tag == "style":
            self._in_style = True

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        (self.styles if self._in_style else self.text).append(data)


@pytest.fixture(scope="module")
def built():
    cfg = load_review(RUN / "review")
    art = load_artefacts(RUN)
    res = syn.synthesise(cfg.recommendations, cfg.codebook, cfg.indicators, art, "5", "2000-2012")
    out = {}
    for lang in ("en", "fi"):
        sections = report.build_sections(cfg, res, language=lang,
                                         parameters={"region": "5", "period": "2000-2012", "language": lang})
        doc = report.render_document(sections, title=cfg.protocol.title.get(lang), language=lang)
        scan = Scan()
        scan.feed(doc)
        out[lang] = (sections, doc, scan)
    return out


@pytest.mark.parametrize("lang", ["en", "fi"])
def test_all_sections_in_order_with_translated_headings(built, lang):
    sections, doc, _ = built[lang]
    assert [s.id for s in sections] == SECTION_IDS
    assert [s.title for s in sections] == HEADINGS[lang]
    for sid, title in zip(SECTION_IDS, HEADINGS[lang], strict=True):
        assert f'id="{sid}"' in doc
        assert title in doc


def test_team_text_as_written_and_fixed_text_translated(built):
    _, en, _ = built["en"]
    _, fi, _ = built["fi"]
    assert "Guarantee a housing pathway (Housing First)" in en
    assert "Turvataan jokaiselle jälkihuollosta itsenäistyvälle nuorelle" in fi
    assert "Responsible actor" in en and "Vastuutaho" in fi and "Responsible actor" not in fi
    assert "hyvinvointialue" in fi and "wellbeing services county" in en


@pytest.mark.parametrize("lang", ["en", "fi"])
def test_every_internal_link_has_a_unique_target(built, lang):
    _, _, scan = built[lang]
    assert scan.internal, "no internal links at all"
    missing = sorted(set(scan.internal) - set(scan.ids))
    assert missing == []
    dupes = sorted({i for i in scan.ids if scan.ids.count(i) > 1})
    assert dupes == []


def test_link_checker_would_catch_a_broken_link():
    scan = Scan()
    scan.feed('<a href="#study-nobody">x</a><p id="study-somebody"></p>')
    assert set(scan.internal) - set(scan.ids) == {"study-nobody"}


def test_recommendation_evidence_links_point_to_the_evidence(built):
    sections, _, scan = built["en"]
    recs = next(s for s in sections if s.id == "recommendations").html
    for target in ("study-prince_effects_2019", "study-montgomery_independent_2006", "quote-INT03_12",
                   "report-SR-2024-017", "indicator-child_placements", "theme-SW.SOC.COM.LIV"):
        assert f'href="#{target}"' in recs
        assert target in scan.ids
    refs = next(s for s in sections if s.id == "references").html
    assert 'id="study-prince_effects_2019"' in refs and 'id="quote-INT03_12"' in refs
    assert 'id="report-SR-2024-017"' in refs
    profile = next(s for s in sections if s.id == "regional-profile").html
    assert 'id="indicator-child_placements"' in profile


def test_unsupported_recommendation_and_draft_are_visible(built):
    sections, _, _ = built["en"]
    recs = next(s for s in sections if s.id == "recommendations").html
    r2 = recs[recs.index('id="rec-R2"'):recs.index('id="rec-DRAFT-SW.SOC.COM.WORKEDU"')]
    assert "rt-warning" in r2 and "cites no evidence" in r2 and "No evidence cited" in r2
    assert "rt-badge" in recs and ">DRAFT<" in recs
    assert "to be decided by the team" in recs
    assert 'id="warnings"' in recs


@pytest.mark.parametrize("lang", ["en", "fi"])
def test_self_contained_without_scripts_or_fetched_resources(built, lang):
    _, doc, scan = built[lang]
    assert scan.scripts == 0
    assert scan.external_resources == []
    css = "".join(scan.styles)
    assert "@import" not in css and "url(" not in css and "@font-face" not in css
    assert "@media print" in css and "@media (max-width" in css
    assert scan.img_src and all(src.startswith("data:image/") for src in scan.img_src)
    assert '<meta name="viewport"' in doc


def test_resource_scan_would_catch_an_external_script():
    scan = Scan()
    scan.feed('<script src="https://cdn.example.org/x.js"></script><link rel="stylesheet" href="http://x/y.css">')
    assert scan.scripts == 1 and len(scan.external_resources) == 2


@pytest.mark.parametrize("lang", ["en", "fi"])
def test_size_is_well_under_the_5_mb_target(built, lang):
    _, doc, _ = built[lang]
    size = len(doc.encode("utf-8"))
    assert 20_000 < size < 5_000_000


def test_figures_are_embedded(built):
    sections, _, _ = built["en"]
    findings = next(s for s in sections if s.id == "findings").html
    methods = next(s for s in sections if s.id == "methods").html
    assert "data:image/png;base64," in findings
    assert "data:image/svg+xml;base64," in methods  # the PRISMA flow from 02-screening/prisma.svg


def test_limitations_name_the_gaps(built):
    sections, _, _ = built["en"]
    lim = next(s for s in sections if s.id == "limitations").html
    assert "SW.MAT" in lim and "1 social report(s) from other regions" in lim


def test_provenance_lists_parameters_versions_and_hashes(built):
    sections, _, _ = built["en"]
    prov = next(s for s in sections if s.id == "provenance").html
    assert ">Region</td>" in prov and "pandas" in prov
    assert "06-regional-profile/profile.csv" in prov and "04-social-reports/social_reports.csv" in prov
    assert "03 Coding of interviews and literature" in prov  # a row of the stages table (from the stage manifests)
    # a readable table: checksums shortened, no stage record as JSON (issue 13 part 7)
    assert re.search(r"<code>[0-9a-f]{12}…</code>", prov) and not re.search(r"[0-9a-f]{13,}", prov)
    assert "{&#34;" not in prov and '{"' not in prov and "pseudonymisation" not in prov


def test_methods_show_the_social_report_stage_pseudonymisation(built):
    sections, _, _ = built["en"]
    methods = next(s for s in sections if s.id == "methods").html
    wp3 = methods[methods.index('id="methods-wp3"'):methods.index('id="methods-wp4"')]
    assert "name 3, phone 1" in wp3  # from 04-social-reports/stage_manifest.json, not 03-coding's


def test_missing_optional_artefact_is_shown_not_hidden(built):
    cfg = load_review(RUN / "review")
    art = load_artefacts(RUN)
    tables = {k: v for k, v in art.tables.items() if k != "03-coding/reliability.csv"}
    art2 = syn.Artefacts(tables, art.prisma, None, {}, None, ("03-coding/reliability.csv", "02-screening/prisma.svg"))
    res = syn.synthesise(cfg.recommendations, cfg.codebook, cfg.indicators, art2, "5", "2000-2012")
    sections = report.build_sections(cfg, art2, res, language="en")
    methods = next(s for s in sections if s.id == "methods").html
    assert "03-coding/reliability.csv</code>: not available in this run" in methods
    assert "02-screening/prisma.svg</code>: not available in this run" in methods


def test_unsupported_language_is_a_config_error(built):
    cfg = load_review(RUN / "review")
    art = load_artefacts(RUN)
    res = syn.synthesise(cfg.recommendations, cfg.codebook, cfg.indicators, art, "5", "2000-2012")
    with pytest.raises(ConfigError, match="language: 'de' is not supported"):
        report.build_sections(cfg, art, res, language="de")


@pytest.mark.slow
def test_provenance_hashes_inputs_like_the_runner_without_importing_it(tmp_path):
    """A fresh run has no manifest.json yet: the report hashes the inputs itself, by the runner's rule,
    without importing the runner (papermill and nbconvert cost seconds in every run of a batch)."""
    import json
    import subprocess
    import sys
    from importlib import metadata

    from review_tools.run import input_hashes

    review = tmp_path / "review"
    (review / "keys").mkdir(parents=True)
    (review / "codebook.yaml").write_text("codes: []\n", encoding="utf-8")
    (review / "review.db-wal").write_bytes(b"x")
    (review / "keys" / "pseudonyms.json").write_text("{}", encoding="utf-8")
    script = (
        "import json, sys\n"
        "from review_tools import report\nfrom review_tools.stages.synthesis_report import load_artefacts\n"
        f"art = load_artefacts({str(RUN)!r})\n"
        f"prov = report.collect_provenance(art, {str(review)!r}, {str(RUN / 'review')!r})\n"
        "print(json.dumps({'inputs': prov['inputs'], 'versions': prov['versions'],\n"
        "                  'runner': 'review_tools.run' in sys.modules, 'nbformat': 'nbformat' in sys.modules}))\n"
    )
    out = json.loads(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                                    timeout=300).stdout.strip().splitlines()[-1])
    assert out["runner"] is False and out["nbformat"] is False
    assert out["inputs"] == input_hashes(review, RUN / "review")
    assert str(review / "codebook.yaml") in out["inputs"] and len(out["inputs"]) == 1 + len(list((RUN / "review").iterdir()))
    assert out["versions"]["pandas"] == metadata.version("pandas") and out["versions"]["review-tools"]


@pytest.mark.parametrize("lang", ["en", "fi"])
def test_indicator_without_data_for_the_region_is_a_sentence_for_readers(lang):
    # region 8 has no data for 'neet' (a monitoring indicator) nor 'turnout' (an evidence link): the report
    # is built and says so in the reader's language, without the problem's file names
    import yaml

    from review_tools.config import RecommendationFramework
    from review_tools.report.recommendations import no_region_data_text

    cfg = load_review(RUN / "review")
    raw = yaml.safe_load((RUN / "review" / "recommendations.yaml").read_text(encoding="utf-8"))
    raw["recommendations"][0]["evidence"].append({"type": "indicator", "ref": "turnout"})
    raw["recommendations"][0]["monitoring"][0].pop("target")
    raw["recommendations"][0]["monitoring"].append({"indicator": "neet"})
    fw = RecommendationFramework.model_validate(raw)
    res = syn.synthesise(fw, cfg.codebook, cfg.indicators, load_artefacts(RUN), "8", "2000-2012")
    sections = report.build_sections(cfg, res, language=lang,
                                     parameters={"region": "8", "period": "2000-2012", "language": lang})
    html_ = {s.id: s.html for s in sections}
    ctx = report.context.ReportContext(cfg, res, language=lang)
    neet, turnout = (no_region_data_text(i, ctx) for i in ("neet", "turnout"))
    title = {i.id: i.title.get(lang) for i in cfg.indicators.indicators}
    assert neet.startswith(title["neet"]) and "2000–2012" in neet
    assert report.html.esc(neet) in html_["monitoring"]
    assert report.html.esc(turnout) in html_["recommendations"]
    for sid in ("monitoring", "recommendations"):
        assert "06-regional-profile" not in html_[sid] and "has no data for region" not in html_[sid]


def test_the_no_data_sentence_is_in_every_catalogue():
    from review_tools.report.i18n import TEXT  # the catalogue of each language (its modules merged)

    TEXT_EN, TEXT_FI, TEXT_SV = TEXT["en"], TEXT["fi"], TEXT["sv"]
    for cat in (TEXT_EN, TEXT_FI, TEXT_SV):
        assert {"{indicator}", "{region}", "{period}"} <= set(__import__("re").findall(r"\{\w+\}",
                                                                                    cat["indicator_no_region_data"]))
    assert len({TEXT_EN["indicator_no_region_data"], TEXT_FI["indicator_no_region_data"],
                TEXT_SV["indicator_no_region_data"]}) == 3


@pytest.mark.parametrize("lang", ["en", "fi"])
def test_accessibility_statement_names_status_limitations_and_the_protocol_contact(built, lang):
    sections, _, _ = built[lang]
    html_ = next(s for s in sections if s.id == "accessibility").html
    cfg = load_review(RUN / "review")
    from review_tools.report.i18n import TEXT

    for key in ("a11y_status", "a11y_limit_figures", "a11y_enforcement"):
        assert report.html.esc(TEXT[lang][key]) in html_
    if cfg.protocol.contact is not None:
        assert f'href="mailto:{cfg.protocol.contact.email}"' in html_
    else:
        assert report.html.esc(TEXT[lang]["a11y_no_contact"]) in html_


def test_the_profile_figure_carries_its_values_as_a_table(built):
    sections, _, _ = built["en"]
    html_ = next(s for s in sections if s.id == "regional-profile").html
    assert "<details class=\"rt-figure-data\"><summary>Data of the figure</summary>" in html_
    assert 'alt="Bar chart: ' in html_
