"""Codebooks as researchers keep them: Taguette CSV/XLSX, plain id/label/parent/definition sheets, .qdc."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from review_tools.cli import main
from review_tools.codebook_files import read_codebook, write_codebook
from review_tools.config import Codebook, load_codebook_file

ROOT = Path(__file__).resolve().parents[1]
CODEBOOK = ROOT / "review" / "codebook.yaml"


def _by_id(cb):
    return {c.id: c for c in cb.codes}


@pytest.mark.parametrize("suffix, fmt", [("csv", None), ("xlsx", None), ("csv", "table-csv"), ("xlsx", "table-xlsx"),
                                         ("qdc", None)])
def test_cli_round_trip_in_every_format(tmp_path, capsys, suffix, fmt):
    out = tmp_path / f"codebook.{suffix}"
    args = ["code", "export-codebook", "--out", str(out), "--codebook", str(CODEBOOK), "--language", "fi"]
    assert main(args + (["--format", fmt] if fmt else [])) == 0
    yml = tmp_path / "back.yaml"
    assert main(["code", "import-codebook", str(out), "--out", str(yml)]) == 0
    assert "20 codes (0 categories, 18 with a parent)" in capsys.readouterr().out
    assert _by_id(load_codebook_file(yml)) == _by_id(load_codebook_file(CODEBOOK))


def test_taguette_csv_has_dotted_paths_taguette_reads(tmp_path):
    out = write_codebook(load_codebook_file(CODEBOOK), tmp_path / "tags.csv", language="en")
    df = pd.read_csv(out, dtype=str, keep_default_na=False)
    # Taguette 1.5.2 takes exactly one of tag/name/path and an optional description
    assert list(df.columns) == ["tag", "description"]
    assert "well-being.health" in set(df["tag"])
    assert "well-being.social well-being.individual components.social relationships" in set(df["tag"])
    assert df["tag"].is_unique
    assert df["description"].str.startswith("review-tools id: ").all()


def test_taguette_written_csv_with_descriptions(tmp_path):
    p = tmp_path / "codebook.csv"
    p.write_text("tag,description,number of highlights\nhousing,Where people live,3\nhousing.costs,Rent and bills,2\n"
                 "housing.costs.arrears,,0\nother.thing,Not under anything,1\n", encoding="utf-8")
    cb = read_codebook(p, language="fi")
    rows = [(c.label.fi, c.parent, c.definition.fi if c.definition else None) for c in cb.codes]
    by = {c.id: c.label.fi for c in cb.codes}
    assert [(lab, by.get(par), d) for lab, par, d in rows] == [
        ("housing", None, "Where people live"), ("costs", "housing", "Rent and bills"), ("arrears", "costs", None),
        ("other.thing", None, "Not under anything")]
    assert read_codebook(p, language="fi") == cb  # ids are stable
    again = write_codebook(cb, tmp_path / "again.csv", language="fi")
    assert pd.read_csv(again)["tag"].tolist() == ["housing", "housing.costs", "housing.costs.arrears", "other.thing"]


def test_plain_single_language_sheet(tmp_path):
    p = tmp_path / "sheet.xlsx"
    pd.DataFrame({"id": ["H", "H.C", "T"], "label": ["asuminen", "asumiskulut", "luottamus"],
                  "parent": ["", "H", ""], "definition": ["Asumiseen liittyvät", "", ""],
                  "codable": ["false", "", "true"]}).to_excel(p, index=False)
    cb = read_codebook(p, language="fi")
    assert [(c.id, c.parent, c.label.fi, c.codable) for c in cb.codes] == [
        ("H", None, "asuminen", False), ("H.C", "H", "asumiskulut", True), ("T", None, "luottamus", True)]
    assert cb.codes[0].definition.fi == "Asumiseen liittyvät"


def test_a_dot_inside_a_label_does_not_invent_a_parent(tmp_path):
    cb = Codebook.model_validate({"schema_version": 1, "codes": [
        {"id": "A", "label": {"en": "x"}}, {"id": "B", "label": {"en": "x.y"}}, {"id": "C", "label": {"en": "S.O.S."}}]})
    out = write_codebook(cb, tmp_path / "t.csv")
    back = read_codebook(out)
    assert _by_id(back) == _by_id(cb)
    assert pd.read_csv(out)["tag"].tolist() == ["x", "x\u2024y", "S.O.S."]


@pytest.mark.parametrize("content, says", [
    ("tag,name\na,b\n", "needs exactly one of the columns tag, name, path"),
    ("tag,description\na,\na,\n", "line 3, field 'tag': tag 'a' appears twice (first on line 2)"),
    ("tag,parent\na,zz\n", "line 2, field 'parent': parent 'zz' is not a tag of this codebook"),
    ("id,label,parent\nA,a,\nhousing costs,b,A\n", "line 3, field 'id': 'housing costs' is not a valid code id"),
    ("id,label,parent\nA,a,B\n", "line 2, field 'parent': parent 'B' is not an id of this codebook"),
    ("id,label,parent\nA,a,B\nB,b,A\n", "parent cycle"),
    ("id,label,codable\nA,a,maybe\n", "line 2, field 'codable': codable must be true or false, not 'maybe'"),
    ("id,label\nA,\n", "line 2, field 'label': no label in any language"),
    ("code,text\nA,a\n", "a codebook table needs the columns id and label"),
])
def test_bad_codebook_tables_name_file_line_and_field(tmp_path, capsys, content, says):
    p = tmp_path / "bad.csv"
    p.write_text(content, encoding="utf-8")
    assert main(["code", "import-codebook", str(p), "--out", str(tmp_path / "x.yaml")]) == 1
    err = capsys.readouterr().err
    assert "bad.csv" in err and says in err and "Traceback" not in err


def test_suggest_accepts_a_taguette_codebook(tmp_path):
    tags = write_codebook(load_codebook_file(CODEBOOK), tmp_path / "tags.csv", language="fi")
    units = tmp_path / "u.csv"
    pd.DataFrame({"segment_id": ["T:1"], "text": ["Perustoimeentulotuen hakijoita on paljon ja velat kasvavat."]}
                 ).to_csv(units, index=False)
    out = tmp_path / "s.csv"
    assert main(["code", "suggest", "--apply", str(units), "--out", str(out), "--codebook", str(tags)]) == 0
    assert pd.read_csv(out)["code"].iloc[0] == "SW.SOC.COM.LIVELI"


@pytest.mark.parametrize("fmt, suffix", [("qdc", "qdc"), ("taguette-csv", "csv"), ("table-csv", "csv")])
def test_codes_missing_the_chosen_language_round_trip(tmp_path, fmt, suffix):
    cb = Codebook.model_validate({"schema_version": 1, "codes": [
        {"id": "A", "label": {"fi": "asuminen"}, "codable": False},
        {"id": "A.B", "parent": "A", "label": {"fi": "vuokra", "en": "rent"}, "definition": {"sv": "hyra"}}]})
    back = read_codebook(write_codebook(cb, tmp_path / f"cb.{suffix}", fmt=fmt, language="sv"))
    assert _by_id(back) == _by_id(cb)


def test_lexicon_never_suggests_a_category():
    from review_tools.coding.lexicon import Lexicon, lexicon_suggestions

    cb = Codebook.model_validate({"schema_version": 1, "codes": [
        {"id": "A", "label": {"fi": "asuminen"}, "codable": False, "keywords": {"fi": ["vuokra"]}},
        {"id": "A.B", "parent": "A", "label": {"fi": "vuokra"}, "keywords": {"fi": ["vuokra"]}}]})
    out = lexicon_suggestions(pd.DataFrame({"unit_id": ["u"], "text": ["Vuokra on korkea."]}), Lexicon(cb), language="fi")
    assert out["code"].tolist() == ["A.B"]


def test_xlsx_codebook_that_is_not_a_workbook_or_a_bomb(tmp_path, capsys):
    import zipfile

    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a zip", encoding="utf-8")
    assert main(["code", "import-codebook", str(bad), "--out", str(tmp_path / "x.yaml")]) == 1
    assert "bad.xlsx: not an XLSX workbook (zip) file" in capsys.readouterr().err
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        with z.open("xl/worksheets/sheet1.xml", "w") as fh:  # 201 MiB of zeros, ~200 KB compressed
            for _ in range(201):
                fh.write(b"\0" * 2**20)
    assert main(["code", "import-codebook", str(bomb), "--out", str(tmp_path / "x.yaml")]) == 1
    assert "members decompress to 201.0 MiB, over the limit of 200.0 MiB; not read" in capsys.readouterr().err
