""".qdpx import on hostile and messy archives: clear errors naming the member and element, no traceback."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest

from review_tools.cli import main
from review_tools.coding.qdpx import import_qdpx

GUID = "9f465a81-6519-4030-9747-ed23bb83094d"
CODE = "a996a04c-bcb5-4d56-aa1e-2373d6be51b9"
USER = "3164217b-c16a-4f3f-896b-a7be44e6687c"
TEXT = "Ensimmäinen vuoro.\nToinen vuoro on pidempi."


def _qde(selections: str = '<PlainTextSelection guid="11111111-1111-1111-1111-111111111111" startPosition="0" '
         'endPosition="18"><Coding guid="22222222-2222-2222-2222-222222222222" creatingUser="' + USER + '">'
         '<CodeRef targetGUID="' + CODE + '"/></Coding></PlainTextSelection>',
         codebook: str = f'<CodeBook><Codes><Code guid="{CODE}" name="Trust" isCodable="true"/></Codes></CodeBook>',
         path: str = f"internal://{GUID}.txt") -> str:
    return (f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="p">'
            f'<Users><User guid="{USER}" name="anna"/></Users>{codebook}<Sources>'
            f'<TextSource guid="{GUID}" name="doc" plainTextPath="{path}">{selections}</TextSource></Sources></Project>')


def _write(path: Path, qde: str, members: dict[str, bytes] | None = None) -> Path:
    members = {f"sources/{GUID}.txt": TEXT.encode("utf-8")} if members is None else members
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", qde)
        for name, data in members.items():
            z.writestr(name, data)
    return path


def _cli(path: Path, tmp_path: Path, capsys, *extra: str) -> tuple[int, str]:
    rc = main(["code", "import-qdpx", str(path), "--out", str(tmp_path / "out.csv"), *extra])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return rc, captured.err


def test_zip_slip_member_is_refused(tmp_path, capsys):
    p = _write(tmp_path / "slip.qdpx", _qde(), {f"sources/{GUID}.txt": TEXT.encode(), "../../evil.sh": b"rm -rf /"})
    rc, err = _cli(p, tmp_path, capsys)
    assert rc == 1 and "slip.qdpx!../../evil.sh: unsafe member path" in err
    assert not (tmp_path.parent / "evil.sh").exists()


def _patch_size(path: Path, member: str, size: int) -> None:
    """Make the central directory claim ``member`` decompresses to ``size`` bytes (data unchanged)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    pos = data.find(b"PK\x01\x02")
    while pos >= 0:
        n = struct.unpack_from("<H", data, pos + 28)[0]
        if data[pos + 46:pos + 46 + n] == name:
            struct.pack_into("<I", data, pos + 24, size)
        pos = data.find(b"PK\x01\x02", pos + 4)
    path.write_bytes(bytes(data))


def test_a_1_gib_member_is_refused_without_reading_it(tmp_path, capsys, monkeypatch):
    p = _write(tmp_path / "big.qdpx", _qde())
    _patch_size(p, f"sources/{GUID}.txt", 2**30)
    opened: list[str] = []
    real_open = zipfile.ZipFile.open
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda self, name, *a, **k: (
        opened.append(getattr(name, "filename", name)), real_open(self, name, *a, **k))[1])
    rc, err = _cli(p, tmp_path, capsys)  # default total limit: 1 GiB
    assert rc == 1 and "members decompress to 1,024.0 MiB, over the limit of 1,024.0 MiB" in err
    rc, err = _cli(p, tmp_path, capsys, "--max-total-mib", "4096")  # then the per-member limit
    assert rc == 1
    assert f"big.qdpx!sources/{GUID}.txt: member (for TextSource 'doc') decompresses to 1,024.0 MiB, over the " \
           "limit of 200.0 MiB; not read" in err
    assert f"sources/{GUID}.txt" not in opened and "project.qde" in opened


def test_member_limit_is_configurable(tmp_path, capsys):
    p = _write(tmp_path / "ok.qdpx", _qde())
    assert _cli(p, tmp_path, capsys)[0] == 0
    rc, err = _cli(p, tmp_path, capsys, "--max-member-mib", "0.00001")
    assert rc == 1 and "over the limit of 0.0 MiB" in err and "--max-member-mib" in err


@pytest.mark.parametrize("attrs, says", [
    ('endPosition="18"', "startPosition missing"),
    ('startPosition="abc" endPosition="18"', "startPosition 'abc' is not a whole number"),
    ('startPosition="0" endPosition=""', "endPosition '' is not a whole number"),
    ('startPosition="5" endPosition="999"', "positions 5-999 are outside its text of 43 characters"),
])
def test_bad_positions_name_the_member_and_element(tmp_path, capsys, attrs, says):
    sel = (f'<PlainTextSelection guid="11111111-1111-1111-1111-111111111111" {attrs}>'
           f'<Coding guid="22222222-2222-2222-2222-222222222222"><CodeRef targetGUID="{CODE}"/></Coding>'
           '</PlainTextSelection>')
    rc, err = _cli(_write(tmp_path / "pos.qdpx", _qde(sel)), tmp_path, capsys)
    assert rc == 1
    assert "pos.qdpx!project.qde, line 1: PlainTextSelection 11111111-1111-1111-1111-111111111111 in TextSource " \
           f"'doc': {says}" in err


@pytest.mark.parametrize("codebook", ["<CodeBook><Codes/></CodeBook>", "<CodeBook/>", ""])
def test_empty_codebook_is_reported_not_a_traceback(tmp_path, capsys, codebook):
    p = _write(tmp_path / "empty.qdpx", _qde(codebook=codebook))
    rc, err = _cli(p, tmp_path, capsys)
    assert rc == 0
    assert "the project has no codes" in err
    assert "refers to unknown code a996a04c" in err and "not imported" in err


def test_non_utf8_source_is_a_clear_error(tmp_path, capsys):
    p = _write(tmp_path / "latin.qdpx", _qde(), {f"sources/{GUID}.txt": TEXT.encode("latin-1")})
    rc, err = _cli(p, tmp_path, capsys)
    assert rc == 1
    assert f"latin.qdpx!sources/{GUID}.txt: TextSource 'doc': not UTF-8 text (byte 0xe4 at byte 6)" in err


def test_utf16_bom_and_uppercase_sources_folder(tmp_path):
    p = _write(tmp_path / "u16.qdpx", _qde(), {f"Sources/{GUID}.txt": b"\xff\xfe" + TEXT.encode("utf-16-le")})
    r = import_qdpx(p)
    assert r["sources"]["encoding"].tolist() == ["utf-16-le"] and r["sources"]["text"].iloc[0] == TEXT
    assert r["codings"]["unit_id"].tolist() == ["doc:1"] and r["codings"]["char_start"].isna().all()


def test_selection_crossing_turns_is_kept_whole_and_reported(tmp_path):
    sel = (f'<PlainTextSelection guid="11111111-1111-1111-1111-111111111111" startPosition="12" endPosition="25">'
           f'<Coding guid="22222222-2222-2222-2222-222222222222"><CodeRef targetGUID="{CODE}"/></Coding>'
           '</PlainTextSelection>')
    r = import_qdpx(_write(tmp_path / "cross.qdpx", _qde(sel)))
    row = r["codings"].iloc[0]
    assert (row["unit_type"], row["unit_id"], row["start"], row["end"], row["turns"]) == (
        "span", "doc@12-25", 12, 25, "doc:1;doc:2")
    assert any("selection 12-25 crosses turns (doc:1;doc:2); kept whole" in line for line in r["report"])


def test_external_source_is_reported_and_not_read(tmp_path):
    r = import_qdpx(_write(tmp_path / "ext.qdpx", _qde(path="file:///etc/passwd"), {}))
    assert len(r["sources"]) == 0 and len(r["codings"]) == 0
    assert any("refers to a file outside the archive (file:///etc/passwd); not read" in line for line in r["report"])


def test_missing_source_member_names_it(tmp_path, capsys):
    rc, err = _cli(_write(tmp_path / "gone.qdpx", _qde(), {}), tmp_path, capsys)
    assert rc == 1 and f"gone.qdpx!sources/{GUID}.txt: TextSource 'doc' (line 1 of project.qde): its text is not " \
                       "in the archive" in err


def test_unrepresentable_parts_are_listed(tmp_path):
    qde = _qde().replace('name="doc" plainTextPath', 'name="doc" plainTextPath').replace(
        "</TextSource>", "<NoteRef targetGUID=\"55555555-5555-5555-5555-555555555555\"/></TextSource>").replace(
        f'plainTextPath="internal://{GUID}.txt">', f'plainTextPath="internal://{GUID}.txt"><Description>memo</Description>')
    qde = qde.replace("</Sources>", '<PDFSource guid="33333333-3333-3333-3333-333333333333" name="scan"/></Sources>'
                         '<Notes><Note guid="44444444-4444-4444-4444-444444444444"/></Notes>')
    r = import_qdpx(_write(tmp_path / "more.qdpx", qde))
    assert any("PDFSource 'scan' not imported" in line for line in r["report"])
    assert any("1 note element(s) in <Notes> not imported" in line for line in r["report"])
    assert "source 'doc': its description and NoteRef elements not imported" in r["report"]
    assert len(r["codings"]) == 1
