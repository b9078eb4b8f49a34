"""The ``review-tools code`` and ``review-tools pseudonymise`` commands."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from review_tools.cli import main

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "transcripts"
CODEBOOK = ROOT / "review" / "codebook.yaml"


def _test_csv(tmp_path):
    p = tmp_path / "test.csv"
    pd.DataFrame({"segment_id": ["T:1", "T:2", "T:3"],
                  "text": ["Perustoimeentulotuen hakijoita on paljon ja velat kasvavat.",
                           "Yksinäisyys ja sosiaalinen eristäytyminen lisääntyivät.",
                           "Sää oli kaunis."]}).to_csv(p, index=False)
    return p


def test_suggest_lexicon_only(tmp_path, capsys):
    out = tmp_path / "s.csv"
    assert main(["code", "suggest", "--apply", str(_test_csv(tmp_path)), "--out", str(out),
                 "--codebook", str(CODEBOOK)]) == 0
    s = pd.read_csv(out)
    assert list(s.columns) == ["segment_id", "code", "score", "reason"]
    assert s[s.segment_id == "T:1"]["code"].iloc[0] == "SW.SOC.COM.LIVELI"
    assert "T:3" not in set(s["segment_id"])
    assert all(s.groupby("segment_id")["score"].apply(lambda x: x.is_monotonic_decreasing))
    assert "lexicon" in capsys.readouterr().out


def test_suggest_with_training_data(tmp_path):
    train = tmp_path / "train.csv"
    pd.DataFrame({"segment_id": [f"A:{i}" for i in range(6)],
                  "text": ["velat ja vuokra", "toimeentulo ei riitä", "yksinäinen vanhus", "ystävät puuttuvat",
                           "velkaa on paljon", "yksin kotona"],
                  "codes": ["SW.SOC.COM.LIVELI", "SW.SOC.COM.LIVELI", "SW.SOC.IND.REL", "SW.SOC.IND.REL",
                            "SW.SOC.COM.LIVELI;SW.MAT", ""]}).to_csv(train, index=False)
    out = tmp_path / "s.csv"
    assert main(["code", "suggest", "--train", str(train), "--apply", str(_test_csv(tmp_path)), "--out", str(out),
                 "--codebook", str(CODEBOOK), "--language", "fi"]) == 0
    s = pd.read_csv(out)
    first = s[s.segment_id == "T:1"].iloc[0]
    assert first["code"] == "SW.SOC.COM.LIVELI" and first["reason"].startswith("model: ")
    # without a codebook the model alone is used, codes are whatever TRAIN has
    assert main(["code", "suggest", "--train", str(train), "--apply", str(_test_csv(tmp_path)), "--out", str(out)]) == 0
    assert set(pd.read_csv(out)["code"]) <= {"SW.SOC.COM.LIVELI", "SW.SOC.IND.REL", "SW.MAT"}


def test_suggest_unknown_code_names_file_and_line(tmp_path, capsys):
    train = tmp_path / "train.csv"
    pd.DataFrame({"segment_id": ["A:1", "A:2"], "text": ["a", "b"], "codes": ["SW.MAT", "SW.MAT;SW.NOPE"]}).to_csv(
        train, index=False)
    rc = main(["code", "suggest", "--train", str(train), "--apply", str(_test_csv(tmp_path)),
               "--out", str(tmp_path / "s.csv"), "--codebook", str(CODEBOOK)])
    assert rc == 1
    err = capsys.readouterr().err
    assert "train.csv, line 3, field 'codes': code 'SW.NOPE' is not in the codebook" in err


def test_suggest_missing_column(tmp_path, capsys):
    p = tmp_path / "t.csv"
    pd.DataFrame({"id": ["x"], "text": ["y"]}).to_csv(p, index=False)
    assert main(["code", "suggest", "--apply", str(p), "--out", str(tmp_path / "o.csv"),
                 "--codebook", str(CODEBOOK)]) == 1
    assert "t.csv, line 1: missing column(s) ['segment_id']" in capsys.readouterr().err


def test_qdc_export_import_cli(tmp_path):
    qdc = tmp_path / "cb.qdc"
    assert main(["code", "export-qdc", "--out", str(qdc), "--codebook", str(CODEBOOK)]) == 0
    yml = tmp_path / "codebook.yaml"
    assert main(["code", "import-qdc", str(qdc), "--out", str(yml)]) == 0
    from review_tools.config import load_codebook_file

    assert {c.id: c for c in load_codebook_file(yml).codes} == {c.id: c for c in load_codebook_file(CODEBOOK).codes}


def test_pseudonymise_cli(tmp_path, capsys):
    out_dir, key = tmp_path / "pseudo", tmp_path / "review" / "keys" / "k.json"
    names = tmp_path / "names.txt"
    names.write_text("# extra names\nPuijo\n", encoding="utf-8")
    rc = main(["pseudonymise", str(DATA / "INT_hv_turns.txt"), str(DATA / "INT_zoom_speaker.vtt"),
               str(DATA / "broken_timestamp.vtt"), "--out-dir", str(out_dir), "--key", str(key),
               "--names", str(names)])
    assert rc == 1  # one unreadable file, counted and reported
    report = json.loads(capsys.readouterr().out)
    assert report["files"] == 3 and report["written"] == 2 and len(report["failed"]) == 1
    assert report["counts"]["hetu"] == 1 and report["counts"]["email"] == 1
    # output files are named by pseudonymous document ids; the file names live only in the key
    assert sorted(f.name for f in out_dir.iterdir()) == ["INT01.txt", "INT02.txt"]
    text = (out_dir / "INT01.txt").read_text(encoding="utf-8")
    zoom = (out_dir / "INT02.txt").read_text(encoding="utf-8")
    assert json.loads(key.read_text(encoding="utf-8"))["entries"]["document"]["INT_hv_turns.txt"] == "INT01"
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    for ident in ("Mikko", "Virtanen", "Virtaselle", "040 123 4567", "010190-123M", "Puijonkatu"):
        assert ident not in text
    assert "Matti" not in zoom and zoom.startswith("[H")
    assert key.exists() and "Virtanen" in key.read_text(encoding="utf-8")


def test_pseudonymise_cli_refuses_key_under_outputs(tmp_path, capsys):
    rc = main(["pseudonymise", str(DATA / "INT_hv_turns.txt"), "--out-dir", str(tmp_path / "o"),
               "--key", str(tmp_path / "outputs" / "k.json")])
    assert rc == 2
    assert "must not be kept under outputs" in capsys.readouterr().err
