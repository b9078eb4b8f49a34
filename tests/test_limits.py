"""Resource limits: zip-based inputs are checked from their directory before parsing; record caps."""

from __future__ import annotations

import time
import zipfile

import pytest

from review_tools.errors import CorpusFormatError
from review_tools.readers import read_record_file
from review_tools.readers.limits import limits, set_limits
from review_tools.readers.transcripts import read_transcript


def _bomb(path, member: str, mb: int = 600) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open(member, "w", force_zip64=True) as fh:
            block = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 30000
            for _ in range(mb * 1024 * 1024 // len(block)):
                fh.write(block)


def test_docx_bomb_is_refused_before_python_docx_reads_it(tmp_path):
    path = tmp_path / "INT99.docx"
    _bomb(path, "word/document.xml")
    t0 = time.monotonic()
    with pytest.raises(CorpusFormatError, match=r"INT99.*(would expand to|compressed .* times)"):
        read_transcript(path, document_id="INT99")
    assert time.monotonic() - t0 < 1.0


def test_record_cap_is_configurable_and_clear(tmp_path):
    path = tmp_path / "many.csv"
    path.write_text("title\n" + "".join(f"Title {i}\n" for i in range(50)), encoding="utf-8")
    old = limits()
    try:
        set_limits(max_records=10)
        with pytest.raises(CorpusFormatError, match="more than 10 rows; refused"):
            read_record_file(path)
    finally:
        set_limits(max_records=old.max_records)
    assert len(read_record_file(path).records) == 50
    with pytest.raises(ValueError, match="unknown limit"):
        set_limits(max_rows=1)
