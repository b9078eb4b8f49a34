"""The command line never shows a traceback: known problems are one plain line, anything else one
line plus a log file with the details (temp folder, mode 0600), exit code 1."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from review_tools import cli

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> tuple[int, str]:
    """Run the installed command as a user does."""
    exe = Path(sys.executable).with_name("review-tools")
    proc = subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=300)
    return proc.returncode, proc.stderr


def _one_line(capsys=None, err: str | None = None) -> str:
    err = capsys.readouterr().err if err is None else err
    assert "Traceback" not in err
    lines = [ln for ln in err.splitlines() if ln.startswith("error")]
    assert len(lines) == 1, err
    return lines[0]


def test_screen_simulate_on_a_one_row_set(tmp_path, capsys):
    data = tmp_path / "one.csv"
    data.write_text("record_id,title,abstract,label_included\n1,A title,An abstract,1\n", encoding="utf-8")
    assert cli.main(["screen", "simulate", str(data)]) == 1
    assert _one_line(capsys).startswith("error:")


@pytest.mark.slow
def test_dedup_evaluate_on_a_binary_file(tmp_path):
    for k, blob in enumerate([bytes(range(256)) * 20, os.urandom(4000), b"\x89PNG\r\n\x1a\n" + bytes(2000)]):
        data = tmp_path / f"records{k}.csv"
        data.write_bytes(blob)
        rc, err = _run("dedup", "evaluate", str(data), str(data))
        line = _one_line(err=err)
        assert rc == 1 and str(data) in line and ("not UTF-8" in line or "not a readable CSV" in line), line


@pytest.mark.slow
def test_out_naming_a_folder(tmp_path):
    out = tmp_path / "folder"
    out.mkdir()
    rc, err = _run("dedup", "run", str(ROOT / "corpus" / "literature" / "finna_grey_literature.ris"), "--out", str(out))
    assert rc == 1
    assert _one_line(err=err) == f"error: {out}: is a folder; give the path of a file (e.g. {out / 'out.csv'})"


def test_unexpected_exception_is_one_line_and_a_private_log(tmp_path, capsys, monkeypatch):
    import review_tools.commands.validate as validate

    def boom(args):
        raise RuntimeError("something nobody expected\nsecond line")

    monkeypatch.setattr(validate, "run", boom, raising=False)
    parser_func = cli.build_parser
    monkeypatch.setattr(cli, "build_parser", lambda argv=None: _with_func(parser_func(argv), boom))
    assert cli.main(["validate"]) == 1
    line = _one_line(capsys)
    m = re.fullmatch(r"error: unexpected RuntimeError: something nobody expected; details in (\S+\.log)", line)
    assert m, line
    log = Path(m.group(1))
    assert log.exists() and "Traceback" in log.read_text(encoding="utf-8") and "second line" in log.read_text()
    assert oct(os.stat(log).st_mode & 0o777) == "0o600"
    log.unlink()


def _with_func(parser, func):
    sub = next(a for a in parser._actions if a.dest == "command")
    for p in sub.choices.values():
        p.set_defaults(func=func)
    return parser
