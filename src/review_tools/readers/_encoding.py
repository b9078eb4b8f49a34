"""Decode a text file whose encoding is not declared.

Exports from reference managers and bibliographic databases come as UTF-8 (with or without a
byte-order mark), Windows-1252 or Latin-1. :func:`read_text` tries them in that order and reports
which one worked, so a reader can say how it read the file.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import CorpusFormatError

__all__ = ["ENCODINGS", "read_text", "read_bytes", "decode_bytes"]

#: Encodings tried, in order. ``latin-1`` decodes any byte string, so it is the last resort.
ENCODINGS = ("utf-8-sig", "utf-8", "cp1252", "latin-1")


def _looks_binary(data: bytes) -> bool:
    """Return True when the bytes look like a binary file rather than text."""
    head = data[:8192]
    if not head:
        return False
    if b"\x00" in head:
        # UTF-16 text also has NULs; we do not read UTF-16, so it is reported as binary.
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return control / len(head) > 0.05


def decode_bytes(data: bytes, path: str | Path = "<bytes>") -> tuple[str, str]:
    """Decode ``data`` with the first encoding of :data:`ENCODINGS` that works.

    Parameters
    ----------
    data : bytes
        The raw content of a file.
    path : str or Path
        Used in error messages only.

    Returns
    -------
    (str, str)
        The decoded text and the name of the encoding used. ``utf-8-sig`` is reported as
        ``"utf-8-sig"`` only when the data starts with a byte-order mark, otherwise ``"utf-8"``.

    Raises
    ------
    CorpusFormatError
        When the data is binary (NUL bytes or many control characters), not text.
    """
    if _looks_binary(data):
        raise CorpusFormatError(
            path,
            "this is a binary file, not a text export; expected UTF-8, Windows-1252 or Latin-1 text "
            "(RIS, BibTeX, MEDLINE, Web of Science, CSV/TSV) or an .xlsx workbook",
        )
    for enc in ENCODINGS:
        if enc == "utf-8-sig" and not data.startswith(b"\xef\xbb\xbf"):
            continue
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte string")  # pragma: no cover


def read_text(path: str | Path) -> tuple[str, str]:
    """Read a text file, detecting its encoding.

    Tries UTF-8 with a byte-order mark, UTF-8, Windows-1252 (cp1252) and Latin-1, in that order.

    Parameters
    ----------
    path : str or Path
        The file to read.

    Returns
    -------
    (str, str)
        The text (without a byte-order mark) and the encoding used, one of :data:`ENCODINGS`.

    Raises
    ------
    CorpusFormatError
        When the file does not exist, cannot be read, or is binary.
    """
    p = Path(path)
    return decode_bytes(read_bytes(p), p)


def read_bytes(path: str | Path) -> bytes:
    """Read a file's bytes; a missing or unreadable file is a :class:`CorpusFormatError` naming it."""
    p = Path(path)
    try:
        return p.read_bytes()
    except FileNotFoundError:
        raise CorpusFormatError(p, "file not found") from None
    except OSError as exc:
        raise CorpusFormatError(p, f"cannot read the file ({exc.strerror or exc})") from None
