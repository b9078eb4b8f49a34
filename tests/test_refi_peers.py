"""Round trips on files the peers wrote themselves (../shared/data/refi-qda/peer-exports, truth in its README).

- QualCoder 4.0b's export of a made-up project: BOM-encoded source, a category, names that start
  with a capitalised word, two users;
- QualCoder's re-export of review-tools' demo: 10 sources, 20 codes, 120 codings by 2 coders;
- Taguette 1.5.2's codebook: hierarchy as dotted names.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pandas as pd
import pytest

from review_tools.cli import main
from review_tools.codebook_files import read_codebook, write_codebook
from review_tools.coding.qdpx import codebook_from_qdc, export_qdpx, import_qdpx
from review_tools.config import load_codebook_file

ROOT = Path(__file__).resolve().parents[1]
PEERS = ROOT.parent / "shared" / "data" / "refi-qda" / "peer-exports"
SYNTHETIC = PEERS / "qualcoder-4.0b_synthetic.qdpx"
REEXPORT = PEERS / "qualcoder-4.0b_reexport_of_review-tools_demo.qdpx"
TAGUETTE = PEERS / "taguette-1.5.2_codebook.qdc"
pytestmark = pytest.mark.skipif(not PEERS.is_dir(), reason=f"peer exports not found in {PEERS}")

SYNTHETIC_TEXT = "Haastattelu alkaa.\nAsuminen on kallista ja ahdasta.\nLuottamus viranomaisiin on heikko."



def _as_the_peer_file_saw(codes) -> dict:
    """The demo's codes as they were when QualCoder re-exported them: the review later gained Finnish and Swedish
    definitions (issue 15), which a file written before cannot hold; everything else must survive unchanged."""
    return {c.id: c.model_copy(update={"definition": c.definition and type(c.definition)(en=c.definition.en)})
            for c in codes}

def test_qualcoder_synthetic_project_imports_as_its_readme_says():
    r = import_qdpx(SYNTHETIC, language="en")
    src = r["sources"]
    assert src["source"].tolist() == ["synthetic interview"]
    assert src["text"].iloc[0] == SYNTHETIC_TEXT  # no U+FEFF: the byte-order mark is not text
    assert src["encoding"].iloc[0] == "utf-8-sig"
    cb = r["codebook"]
    by_label = {c.label.en: c for c in cb.codes}
    assert set(by_label) == {"Barriers", "Housing costs", "Housing quality", "trust in authorities"}
    assert not by_label["Barriers"].codable and by_label["Barriers"].parent is None
    assert [c.label.en for c in cb.codes if c.codable] == ["trust in authorities", "Housing costs", "Housing quality"]
    for name in ("Housing costs", "Housing quality"):
        assert by_label[name].parent == by_label["Barriers"].id
        assert by_label[name].id not in ("Housing", "Housing2")  # never carved out of the name
    assert by_label["trust in authorities"].parent is None
    assert set(r["users"]["name"]) == {"anna", "ben"}
    cod = r["codings"]
    got = {(SYNTHETIC_TEXT[a:b], a, b, lab, who)
           for a, b, lab, who in zip(cod["start"], cod["end"], cod["code_label"], cod["coder"], strict=True)}
    assert got == {("kallista", 31, 39, "Housing costs", "anna"), ("ahdasta", 43, 50, "Housing quality", "anna"),
                   ("Luottamus viranomaisiin on heikko.", 52, 86, "trust in authorities", "ben")}
    # spans land on the right line (turn) with offsets inside it; the whole third line is the whole unit
    units = {(u, None if pd.isna(a) else a, None if pd.isna(b) else b)
             for u, a, b in zip(cod["unit_id"], cod["char_start"], cod["char_end"], strict=True)}
    assert units == {("synthetic interview:2", 12, 20), ("synthetic interview:2", 24, 31),
                     ("synthetic interview:3", None, None)}
    assert any("utf-8-sig" in line for line in r["report"])
    assert r["users"].set_index("name")["guid"].to_dict() == {"anna": "3164217b-c16a-4f3f-896b-a7be44e6687c",
                                                              "ben": "b4ab1432-8e46-468a-9192-84b7d023672b"}


def test_import_qdpx_cli_on_the_synthetic_project(tmp_path, capsys):
    out = tmp_path / "c.csv"
    assert main(["code", "import-qdpx", str(SYNTHETIC), "--out", str(out), "--report", str(tmp_path / "r.json")]) == 0
    assert "3 codings by 2 coder(s) (anna, ben), 3 codes and 1 category, 1 sources (utf-8-sig)" in capsys.readouterr().out
    got = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert sorted(zip(got["start"], got["end"], got["code_label"], got["coder"], strict=True)) == [
        ("31", "39", "Housing costs", "anna"), ("43", "50", "Housing quality", "anna"),
        ("52", "86", "trust in authorities", "ben")]


def test_import_is_stable_and_ids_survive_a_second_trip(tmp_path):
    a, b = import_qdpx(SYNTHETIC), import_qdpx(SYNTHETIC)
    assert a["codebook"] == b["codebook"]
    # export the imported project (categories, users with their GUIDs) and read it back
    seg = pd.DataFrame({"document_id": "synthetic interview", "segment_id": [f"synthetic interview:{i}" for i in (1, 2, 3)],
                        "text": SYNTHETIC_TEXT.split("\n")})
    seg["char_start"] = [0, 19, 52]
    seg["char_end"] = [18, 51, 86]
    users = dict(zip(a["users"]["name"], a["users"]["guid"], strict=True))
    path = export_qdpx(tmp_path / "again.qdpx", a["codebook"], a["codings"], seg, users=users, language="en")
    c = import_qdpx(path, segments=seg)
    assert c["codebook"].codes == a["codebook"].codes
    key = ["unit_id", "code", "coder", "start", "end"]
    assert c["codings"][key].sort_values(key).values.tolist() == a["codings"][key].sort_values(key).values.tolist()
    assert dict(zip(c["users"]["name"], c["users"]["guid"], strict=True)) == users


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo's coding stage: pseudonymised segments and the human codings the demo exports (120)."""
    from review_tools.config import load_review
    from review_tools.stages import coding as coding_stage

    key = tmp_path_factory.mktemp("key") / "pseudonyms.json"
    run = tmp_path_factory.mktemp("run")  # no 02-screening artefacts: interviews only
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cfg = load_review(ROOT / "review", corpus_dir=ROOT / "corpus")
        res = coding_stage.run(cfg, ROOT / "corpus", run, key_path=key, progress=False).extra["coding"]
    cod = res.codings[res.codings["origin"].isin(["human", "accepted_suggestion"])
                      & res.codings["unit_type"].isin(["segment", "record"])]
    return res.segments, cod.reset_index(drop=True)


def _triples(codings) -> set:
    return set(zip(codings["unit_id"], codings["code"], codings["coder"], strict=True))


def test_demo_survives_qualcoder_and_back(demo, tmp_path):
    segments, ours = demo
    assert len(ours) == 120 and ours["coder"].nunique() == 2
    back = import_qdpx(REEXPORT, segments=segments)
    cod = back["codings"]
    assert len(cod) == 120
    assert (cod["unit_type"] == "segment").all() and cod["char_start"].isna().all()  # whole turns, as coded
    assert _triples(cod) == _triples(ours)  # 120/120 codings on the same segments
    # every coded span is exactly one whole turn (line) of the source, in the source's own characters,
    # and it is the turn of the segment it was mapped to (the text itself is compared with the demo's
    # segments only up to pseudonyms: the peer file was made from an earlier pseudonymisation)
    text = back["sources"].set_index("source")["text"]
    seg_text = segments.set_index("segment_id")["text"]
    masked = re.compile(r"\[[A-Z]+\d*\]")
    for s, a, b, u in zip(cod["source"], cod["start"], cod["end"], cod["unit_id"], strict=True):
        src = text[s]
        assert (a == 0 or src[a - 1] == "\n") and (b == len(src) or src[b] == "\n") and "\n" not in src[a:b]
        assert src[:a].count("\n") + 1 == int(u.rsplit(":", 1)[1]), (u, a, b)
        theirs, mine_ = masked.split(src[a:b])[0], masked.split(seg_text[u])[0]
        n = min(12, len(theirs), len(mine_))
        assert theirs[:n] == mine_[:n], u  # the same turn: it starts with the same words
    assert sorted(back["sources"]["source"]) == sorted(segments["document_id"].unique())
    assert set(back["sources"]["encoding"]) == {"utf-8-sig"}
    demo_cb = load_codebook_file(ROOT / "review" / "codebook.yaml")
    assert {c.id: c for c in back["codebook"].codes} == _as_the_peer_file_saw(demo_cb.codes)  # 20 codes, same ids
    assert len(back["codebook"].codes) == 20 and sum(c.parent is not None for c in demo_cb.codes) == 18
    coders = back["users"][back["users"]["codings"] > 0]
    assert sorted(coders["name"]) == ["coder1", "coder2"]
    # our own export (new names, descriptions, users) gives the identical import
    path = export_qdpx(tmp_path / "demo.qdpx", demo_cb, ours, segments, language="fi")
    mine = import_qdpx(path, segments=segments)
    assert _triples(mine["codings"]) == _triples(cod)
    assert _as_the_peer_file_saw(mine["codebook"].codes) == {c.id: c for c in back["codebook"].codes}
    assert {c.id: c for c in mine["codebook"].codes} == {c.id: c for c in demo_cb.codes}  # ours keeps fi/sv/en
    key = ["unit_id", "code", "coder", "source"]  # positions differ by the later pseudonyms' lengths
    assert sorted(map(tuple, mine["codings"][key].values.tolist())) == sorted(map(tuple, cod[key].values.tolist()))
    own = mine["sources"].set_index("source")["text"]
    assert all(own[s][a:b] == seg_text[u] for s, a, b, u in zip(mine["codings"]["source"], mine["codings"]["start"],
                                                                 mine["codings"]["end"], mine["codings"]["unit_id"],
                                                                 strict=True))


def test_import_qdpx_cli_maps_onto_the_runs_segments(demo, tmp_path, capsys):
    from review_tools import writers

    segments, ours = demo
    run = tmp_path / "run"
    writers.write_table(segments, run, "03-coding", "segments.csv")
    out, report, yml = tmp_path / "codings.csv", tmp_path / "report.json", tmp_path / "codebook.yaml"
    assert main(["code", "import-qdpx", str(REEXPORT), "--out", str(out), "--run-dir", str(run),
                 "--report", str(report), "--codebook-out", str(yml)]) == 0
    printed = capsys.readouterr().out
    assert "120 codings by 2 coder(s) (coder1, coder2), 20 codes and 0 categories, 10 sources (utf-8-sig)" in printed
    got = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert _triples(got) == _triples(ours)
    assert {c.id: c for c in load_codebook_file(yml).codes} == \
        _as_the_peer_file_saw(load_codebook_file(ROOT / "review" / "codebook.yaml").codes)
    assert report.exists()


def test_taguette_qdc_keeps_its_dotted_hierarchy():
    cb = codebook_from_qdc(TAGUETTE.read_bytes(), source=TAGUETTE.name)
    assert len(cb.codes) == 6
    by_label = {c.label.en: c for c in cb.codes}
    assert set(by_label) == {"interesting", "SW.HEA health", "housing", "costs", "quality", "luottamus viranomaisiin"}
    assert by_label["costs"].parent == by_label["quality"].parent == by_label["housing"].id
    assert all(by_label[x].parent is None for x in ("interesting", "SW.HEA health", "housing",
                                                    "luottamus viranomaisiin"))
    assert by_label["SW.HEA health"].id != "SW.HEA"  # a name that looks like an id stays a name
    assert all(c.codable for c in cb.codes)


def test_taguette_csv_and_qdc_agree_and_round_trip(tmp_path):
    qdc = codebook_from_qdc(TAGUETTE.read_bytes(), source=TAGUETTE.name)
    # the same project's codebook as Taguette 1.5.2 writes it in CSV
    csv = tmp_path / "taguette.csv"
    pd.DataFrame({"tag": ["interesting", "SW.HEA health", "housing", "housing.costs", "housing.quality",
                          "luottamus viranomaisiin"], "description": "", "number of highlights": 0}).to_csv(csv, index=False)
    from_csv = read_codebook(csv)
    assert {c.id: (c.parent, c.label) for c in from_csv.codes} == {c.id: (c.parent, c.label) for c in qdc.codes}
    out = write_codebook(from_csv, tmp_path / "back.csv")
    tags = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(tags.columns) == ["tag", "description"]
    assert sorted(tags["tag"]) == sorted(pd.read_csv(csv)["tag"])
    assert read_codebook(out).codes == from_csv.codes


def test_export_qdpx_cli_writes_owner_and_language_and_reimports(demo, tmp_path, capsys):
    import zipfile

    from lxml import etree

    from review_tools import writers
    from review_tools.coding.refi_codes import guid

    segments, ours = demo
    run = tmp_path / "run"
    writers.write_table(segments, run, "03-coding", "segments.csv")
    writers.write_table(ours, run, "03-coding", "codings.csv")
    out = tmp_path / "demo.qdpx"
    assert main(["code", "export-qdpx", "--out", str(out), "--run-dir", str(run), "--review-dir", str(ROOT / "review"),
                 "--language", "fi"]) == 0
    assert "120 codings by 2 coder(s)" in capsys.readouterr().out
    with zipfile.ZipFile(out) as z:
        root = etree.fromstring(z.read("project.qde"))
    ns = {"q": "urn:QDA-XML:project:1.0"}
    # the demo protocol has no reviewer with role lead: the first coder owns the project and its sources
    assert root.get("creatingUserGUID") == guid("user", "coder1")
    names = {c.get("name") for c in root.iterfind(".//q:Code", ns)}
    assert "terveys" in names and not any(n.startswith("SW") for n in names)
    assert main(["code", "export-qdpx", "--out", str(out), "--run-dir", str(run), "--review-dir", str(ROOT / "review"),
                 "--owner", "lead"]) == 0
    with zipfile.ZipFile(out) as z:
        root = etree.fromstring(z.read("project.qde"))
    assert root.get("creatingUserGUID") == guid("user", "lead")
    assert "lead" in {u.get("name") for u in root.iterfind(".//q:User", ns)}
    assert all(s.get("creatingUser") == guid("user", "lead") for s in root.iterfind(".//q:TextSource", ns))
    back = import_qdpx(out, segments=segments)
    assert _triples(back["codings"]) == _triples(ours)
