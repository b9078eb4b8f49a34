"""Consistency checks of the demo review (``corpus/`` + ``review/``) and its tiny copy.

The demo corpus is documented in ``corpus/SOURCES.md``; these tests keep that file, the data files and the
review configuration in step: every listed file exists, the counts stated there match the files, synthetic
files carry their label, the configuration loads, and every evidence link of the recommendations points at
something that exists (an included record, an interview turn, a social report).

Interview turns are counted by the contract of ``corpus/SOURCES.md``: speaker turns in file order, 1-based,
the ``#`` label line not counted, consecutive WebVTT cues of one speaker forming one turn.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
REVIEW = ROOT / "review"
TINY_CORPUS = ROOT / "tests" / "data" / "tiny_corpus"
TINY_REVIEW = ROOT / "tests" / "data" / "tiny_review"
SOURCES = CORPUS / "SOURCES.md"

_VOICE = re.compile(r"<v\s+([^>]+)>(.*?)(?:</v>|$)", re.S)


def _read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _sources_text() -> str:
    return SOURCES.read_text(encoding="utf-8")


def _section(name: str) -> str:
    """The text of the ``## name`` section of SOURCES.md."""
    text = _sources_text()
    m = re.search(rf"^## {re.escape(name)}.*?$(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert m, f"corpus/SOURCES.md has no '## {name}' section"
    return m.group(1)


def _table_files(section: str) -> dict[str, str]:
    """``{file name: table row}`` for table rows whose first cell is a back-quoted file name."""
    out = {}
    for line in section.splitlines():
        m = re.match(r"^\|\s*`([^`]+\.[A-Za-z0-9]+)`\s*\|", line)
        if m:
            out[m.group(1)] = line
    return out


def _last_int(row: str) -> int:
    cells = [c.strip() for c in row.strip().strip("|").split("|")]
    return int(cells[-1].replace(",", ""))


# ---------------------------------------------------------------------------------------------
# turns (the contract of corpus/SOURCES.md)


def transcript_turns(path: Path) -> list[tuple[str, str]]:
    """Return ``[(speaker label, text)]`` of a demo transcript, one item per speaker turn."""
    if path.suffix == ".vtt":
        turns: list[tuple[str, str]] = []
        for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8-sig")):
            if "-->" not in block:
                continue  # WEBVTT header, NOTE blocks
            body = block.split("-->", 1)[1].split("\n", 1)[1]
            m = _VOICE.search(body)
            assert m, f"{path.name}: cue without a <v Name> voice tag: {body[:60]!r}"
            speaker, text = m.group(1).strip(), m.group(2).strip()
            if turns and turns[-1][0] == speaker:
                turns[-1] = (speaker, turns[-1][1] + " " + text)
            else:
                turns.append((speaker, text))
        return turns
    if path.suffix == ".docx":
        import docx

        lines = [p.text for p in docx.Document(str(path)).paragraphs]
    else:
        lines = path.read_text(encoding="utf-8").splitlines()
    turns = []
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = re.match(r"^(?:\[\d{2}:\d{2}:\d{2}\]\s*)?([^:]{1,40}):\s(.*)$", line)
        assert m, f"{path.name}: line does not start a speaker turn: {line[:60]!r}"
        turns.append((m.group(1).strip(), m.group(2).strip()))
    return turns


def _informants(review: Path) -> list[dict]:
    return yaml.safe_load((review / "informants.yaml").read_text(encoding="utf-8"))["informants"]


def _segments(corpus: Path, review: Path) -> dict[str, tuple[str, str, bool]]:
    """``{segment id: (speaker, text, is informant)}`` for every transcript of the review."""
    out = {}
    for inf in _informants(review):
        path = corpus / inf["transcript"]
        for i, (speaker, text) in enumerate(transcript_turns(path), start=1):
            out[f"{path.stem}:{i}"] = (speaker, text, speaker in inf["speaker_labels"])
    return out


def _final_includes(corpus: Path) -> set[str]:
    """Records whose latest full-text decision is ``include``."""
    latest: dict[str, str] = {}
    rows = sorted(_read_csv(corpus / "screening" / "seed_decisions.csv"), key=lambda r: r["created_at"])
    for r in rows:
        if r["stage"] == "full_text":
            latest[r["record_id"]] = r["decision"]
    return {k for k, v in latest.items() if v == "include"}


def _literature_ids(corpus: Path) -> set[str]:
    lit = corpus / "literature"
    ids = set(re.findall(r"^@\w+\{([^,\s]+),", (lit / "care-leaver-review-references.bib").read_text(encoding="utf-8"), re.M))
    ids |= set(re.findall(r"^ID  - (.+?)\s*$", (lit / "finna_grey_literature.ris").read_text(encoding="utf-8"), re.M))
    ids |= {r["ID"] for r in _read_csv(lit / "arto_scholar_export.csv")}
    return ids


# ---------------------------------------------------------------------------------------------
# SOURCES.md <-> files


def test_every_corpus_file_is_documented_and_every_documented_file_exists():
    text = _sources_text()
    for folder in ("literature", "screening", "interviews", "social_reports", "fulltexts", "coding"):
        section = _section(f"{folder}/")
        listed = _table_files(section)
        assert listed, f"SOURCES.md section {folder}/ lists no files"
        for name in listed:
            assert (CORPUS / folder / name).is_file(), f"SOURCES.md lists {folder}/{name}, which does not exist"
        for path in (CORPUS / folder).iterdir():
            assert path.name in listed, f"{folder}/{path.name} exists but is not documented in corpus/SOURCES.md"
    assert "SYNTHETIC" in text and "CC BY 4.0" in text and "10.5281/zenodo.8128712" in text


def test_literature_counts_match_sources_md():
    rows = _table_files(_section("literature/"))
    lit = CORPUS / "literature"
    bib = len(re.findall(r"^@\w+\{", (lit / "care-leaver-review-references.bib").read_text(encoding="utf-8"), re.M))
    ris = len(re.findall(r"^TY  - ", (lit / "finna_grey_literature.ris").read_text(encoding="utf-8"), re.M))
    csv_rows = len(_read_csv(lit / "arto_scholar_export.csv"))
    assert _last_int(rows["care-leaver-review-references.bib"].rsplit("|", 2)[0] + "|") == bib == 371
    assert _last_int(rows["finna_grey_literature.ris"].rsplit("|", 2)[0] + "|") == ris
    assert _last_int(rows["arto_scholar_export.csv"].rsplit("|", 2)[0] + "|") == csv_rows
    assert f"{bib} + {ris} + {csv_rows} = **{bib + ris + csv_rows} raw records**" in _sources_text()


def test_the_bibtex_is_the_real_file_verbatim():
    shared = ROOT.parent / "shared" / "data" / "bibliography" / "topic-care-leavers-review" / "care-leaver-review-references.bib"
    if not shared.exists():
        pytest.skip(f"shared data folder not available ({shared})")
    assert (CORPUS / "literature" / "care-leaver-review-references.bib").read_bytes() == shared.read_bytes()


def test_planted_duplicates_exist_in_both_exports():
    section = _section("literature/")
    pairs = re.findall(r"`([^`]+)`→`(GS-\d{4}-\d{3})`", section)
    assert len(pairs) == 15
    ids = _literature_ids(CORPUS)
    csv_rows = {r["ID"]: r for r in _read_csv(CORPUS / "literature" / "arto_scholar_export.csv")}
    bib = (CORPUS / "literature" / "care-leaver-review-references.bib").read_text(encoding="utf-8")
    for a, b in pairs:
        assert a in ids and b in ids, (a, b)
        if not a.startswith(("finna.", "julkari.", "theseus.", "jyx.")):  # international: the same DOI
            doi = re.search(r"doi = \{([^}]+)\}", bib[bib.index("{" + a + ","):]).group(1).lower()
            assert doi in csv_rows[b]["DOI/URN"].lower()


def test_screening_counts_and_codes():
    rows = _read_csv(CORPUS / "screening" / "seed_decisions.csv")
    listed = _table_files(_section("screening/"))
    assert _last_int(listed["seed_decisions.csv"]) == len(rows)
    protocol = yaml.safe_load((REVIEW / "protocol.yaml").read_text(encoding="utf-8"))
    codes = {st["id"]: {r["code"] for r in st["exclusion_reasons"]} for st in protocol["stages"]}
    reviewers = {r["id"] for r in protocol["reviewers"]}
    ids = _literature_ids(CORPUS)
    for r in rows:
        assert r["record_id"] in ids, r
        assert r["stage"] in codes and r["reviewer"] in reviewers
        assert r["decision"] in ("include", "exclude", "maybe", "not_retrieved")
        for code in filter(None, r["reasons"].split(";")):
            assert code in codes[r["stage"]], r
        assert re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$", r["created_at"])
    ft = [r for r in rows if r["stage"] == "full_text" and r["reviewer"] == "aj"]
    assert sum(r["decision"] == "include" for r in ft) == 38
    assert {r["reviewer"] for r in rows} == {"aj", "mk", "lead"}
    # the calibration sample has disagreements, and most records stay unscreened for the ranker
    ta = defaultdict(dict)
    for r in rows:
        if r["stage"] == "title_abstract":
            ta[r["record_id"]][r["reviewer"]] = r["decision"]
    both = [d for d in ta.values() if "aj" in d and "mk" in d]
    assert len(both) == 30 and sum(d["aj"] != d["mk"] for d in both) >= 4
    assert len(ids) - len(ta) > 150


def test_interview_turn_counts_and_labels():
    section = _section("interviews/")
    listed = _table_files(section)
    assert len(listed) == len(list((CORPUS / "interviews").iterdir())) == 10
    for name, row in listed.items():
        path = CORPUS / "interviews" / name
        turns = transcript_turns(path)
        assert _last_int(row) == len(turns), f"{name}: SOURCES.md says {_last_int(row)} turns, file has {len(turns)}"
        assert 25 <= len(turns) <= 60
    for inf in _informants(REVIEW):
        path = CORPUS / inf["transcript"]
        speakers = {s for s, _ in transcript_turns(path)}
        assert set(inf["speaker_labels"]) <= speakers, (inf["id"], speakers)
        assert len(speakers - set(inf["speaker_labels"])) == 1, f"{path.name}: expected one interviewer label"


def test_synthetic_labels_present():
    for path in (CORPUS / "interviews").iterdir():
        if path.suffix == ".txt":
            assert path.read_text(encoding="utf-8").startswith("# SYNTHETIC demo transcript")
        elif path.suffix == ".vtt":
            head = path.read_text(encoding="utf-8").split("-->", 1)[0]
            assert "NOTE" in head and "SYNTHETIC" in head
        elif path.suffix == ".docx":
            import docx

            assert docx.Document(str(path)).paragraphs[0].text.startswith("# SYNTHETIC demo transcript")
    assert "SYNTHETIC" in (CORPUS / "literature" / "finna_grey_literature.ris").read_text(encoding="utf-8").split("TY  -", 1)[0]
    from pypdf import PdfReader

    pdfs = list((CORPUS / "fulltexts").glob("*.pdf"))
    assert len(pdfs) == 6
    for pdf in pdfs:
        pages = PdfReader(str(pdf)).pages
        assert all("SYNTHETIC" in p.extract_text() for p in pages), pdf.name
    for name in ("protocol.yaml", "informants.yaml", "recommendations.yaml"):
        assert "SYNTHETIC" in (REVIEW / name).read_text(encoding="utf-8").split("schema_version", 1)[0]
    for folder in ("social_reports", "coding", "fulltexts"):  # CSV/PDF folders: SOURCES.md is the label
        assert "SYNTHETIC" in re.search(rf"^## {folder}/.*$", _sources_text(), re.M).group(0)


def test_planted_identifiers_for_pseudonymisation():
    text = " ".join(t for p in sorted((CORPUS / "interviews").glob("*.txt")) for _, t in transcript_turns(p))
    for needle in ("Mikon", "Virtaselle", "Laineen", "040 123 4567", "Humalistonkatu 5 B 12, 20100 Turku", "@"):
        assert needle in text, needle
    assert "+358 50 765 4321" in (CORPUS / "interviews" / "INT04.vtt").read_text(encoding="utf-8")
    hetu = re.search(r"\b(\d{6})([-+A])(\d{3})([0-9A-Y])\b", text)
    assert hetu, "no henkilötunnus in the transcripts"
    check = "0123456789ABCDEFHJKLMNPRSTUVWXY"[int(hetu.group(1) + hetu.group(3)) % 31]
    assert hetu.group(4) == check, "the henkilötunnus must have a valid check character"


def test_social_reports_counts_and_validation():
    rows = _read_csv(CORPUS / "social_reports" / "social_reports.csv")
    listed = _table_files(_section("social_reports/"))
    assert _last_int(listed["social_reports.csv"]) == len(rows) == 44
    spec = ["report_id", "submitted_at", "language", "reporter_role", "service_area", "county_code",
            "municipality_code", "observation_type", "phenomenon", "phenomenon_title", "description",
            "affected_group", "clients_seen", "trend", "shl11_need_categories", "welfare_codes", "causes",
            "consequences", "sectors_concerned", "proposed_action", "target_actor", "urgency", "processing_status"]
    assert list(rows[0]) == spec
    assert {r["county_code"] for r in rows} == {"5", "15"}
    assert {r["language"] for r in rows} == {"fi", "sv", "en"}
    assert {r["submitted_at"][:4] for r in rows} == {"2023", "2024", "2025"}
    reader = pytest.importorskip("review_tools.readers.social_reports")
    codes = [c["id"] for c in yaml.safe_load((REVIEW / "codebook.yaml").read_text(encoding="utf-8"))["codes"]]
    df = reader.read_social_reports(CORPUS / "social_reports" / "social_reports.csv", codes=codes)
    assert len(df) == len(rows)


def test_human_codings_refer_to_existing_informant_turns():
    rows = _read_csv(CORPUS / "coding" / "human_codings.csv")
    assert _last_int(_table_files(_section("coding/"))["human_codings.csv"]) == len(rows)
    assert list(rows[0]) == ["unit_id", "coder", "code"]
    segs = _segments(CORPUS, REVIEW)
    codes = {c["id"] for c in yaml.safe_load((REVIEW / "codebook.yaml").read_text(encoding="utf-8"))["codes"]}
    units = defaultdict(lambda: defaultdict(set))
    for r in rows:
        assert r["unit_id"] in segs and segs[r["unit_id"]][2], r
        assert r["code"] == "" or r["code"] in codes, r
        units[r["unit_id"]][r["coder"]].add(r["code"])
    assert len(units) >= 40 and all(set(v) == {"coder1", "coder2"} for v in units.values())
    same = sum(v["coder1"] == v["coder2"] for v in units.values())
    assert 0.3 * len(units) < same < 0.8 * len(units), "agreement should be partial"


# ---------------------------------------------------------------------------------------------
# configuration and evidence links


@pytest.mark.parametrize("review,corpus", [(REVIEW, CORPUS), (TINY_REVIEW, TINY_CORPUS)], ids=["demo", "tiny"])
def test_config_loads_and_evidence_resolves(review, corpus):
    from review_tools.config import load_review

    cfg = load_review(review, corpus_dir=corpus)
    included = _final_includes(corpus)
    segs = _segments(corpus, review)
    reports = {r["report_id"] for r in _read_csv(corpus / "social_reports" / "social_reports.csv")}
    assert cfg.recommendations.recommendations
    for rec in cfg.recommendations.recommendations:
        assert rec.evidence, f"{rec.id} has no evidence"
        for ev in rec.evidence:
            if ev.type == "study":
                assert ev.ref in included, f"{rec.id}: study {ev.ref} is not an included record"
            elif ev.type == "quote":
                assert ev.ref in segs, f"{rec.id}: quote {ev.ref} is not a transcript turn"
                assert segs[ev.ref][2], f"{rec.id}: quote {ev.ref} is an interviewer turn"
            elif ev.type == "report":
                assert ev.ref in reports, f"{rec.id}: report {ev.ref} not in social_reports.csv"


def test_demo_recommendations_draw_on_several_streams():
    from review_tools.config import load_review

    cfg = load_review(REVIEW, corpus_dir=CORPUS)
    assert 5 <= len(cfg.recommendations.recommendations) <= 7
    for rec in cfg.recommendations.recommendations:
        streams = {e.type for e in rec.evidence} - {"theme"}
        assert len(streams) >= max(3, cfg.recommendations.draft_min_streams), (rec.id, streams)
        assert not rec.allow_without_evidence


def test_tiny_corpus_is_a_consistent_subset():
    assert (TINY_CORPUS / "interviews" / "INT01.txt").read_bytes() == (CORPUS / "interviews" / "INT01.txt").read_bytes()
    ids = _literature_ids(TINY_CORPUS)
    assert 25 <= len(ids) <= 40
    assert {"finna.vasso_2021_02", "GS-2024-002", "dworsky_homelessness_2013", "GS-2024-003"} <= ids  # duplicate pairs
    for r in _read_csv(TINY_CORPUS / "screening" / "seed_decisions.csv"):
        assert r["record_id"] in ids
    assert len(_read_csv(TINY_CORPUS / "social_reports" / "social_reports.csv")) == 8
    assert sorted(p.name for p in (TINY_CORPUS / "interviews").iterdir()) == ["INT01.txt", "INT04.vtt"]
    assert any((TINY_CORPUS / "indicators").glob("*.csv.gz"))


def test_project_transcript_reader_numbers_turns_like_the_contract():
    """The segment ids in recommendations.yaml and human_codings.csv rely on the `#` label line not being a turn."""
    reader = pytest.importorskip("review_tools.readers.transcripts")
    for inf in _informants(REVIEW):
        path = CORPUS / inf["transcript"]
        df = reader.read_transcript(path)
        ours = transcript_turns(path)
        assert len(df) == len(ours), (
            f"{path.name}: review_tools.readers.transcripts finds {len(df)} turns, the corpus contract "
            f"(corpus/SOURCES.md, interviews/) {len(ours)}; the first reader turn is {df.iloc[0]['text'][:50]!r}. "
            "Lines starting with '#' are comment lines and must not become turns."
        )
        assert list(df["text"].iloc[[0, -1]]) == [ours[0][1], ours[-1][1]]
