"""Resource limits for input files: refuse a file that would expand past what a review needs.

A zip-based file (``.xlsx``, ``.docx``, ``.qdpx``) is checked from its central directory before
any parser touches it: the sum of the members' declared uncompressed sizes, the largest member,
the number of members and the compression ratio. A 780 KB workbook that expands to 5.7 GB is
refused in milliseconds. Declared sizes can lie, so readers also cap what they actually decompress
(:func:`read_member`) and the number of records they accept (:func:`check_records`).

Limits are module defaults that a review can change: environment variables
``REVIEW_TOOLS_MAX_UNZIPPED_MB``, ``REVIEW_TOOLS_MAX_RATIO``, ``REVIEW_TOOLS_MAX_RECORDS`` and
``REVIEW_TOOLS_MAX_PDF_PAGES``, or :func:`set_limits` in a notebook.
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import CorpusFormatError

__all__ = ["Limits", "limits", "set_limits", "check_zip", "check_records", "check_pdf_pages"]


def _env(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass(frozen=True)
class Limits:
    """Limits applied to every input.

    Attributes
    ----------
    max_unzipped_bytes : int
        Total declared uncompressed size of a zip-based file (default 512 MB).
    max_ratio : float
        Largest compression ratio of a member bigger than 1 MB (default 200; office files
        compress 5-20 times, zip bombs thousands of times).
    max_members : int
        Members of a zip-based file (default 20,000).
    max_records : int
        Records (rows, entries, reports, turns) per input file (default 1,000,000).
    max_pdf_pages : int
        Pages of a PDF whose text is extracted (default 2,000).
    """

    max_unzipped_bytes: int = int(_env("REVIEW_TOOLS_MAX_UNZIPPED_MB", 512) * 1024 * 1024)
    max_ratio: float = _env("REVIEW_TOOLS_MAX_RATIO", 200)
    max_members: int = 20_000
    max_records: int = int(_env("REVIEW_TOOLS_MAX_RECORDS", 1_000_000))
    max_pdf_pages: int = int(_env("REVIEW_TOOLS_MAX_PDF_PAGES", 2000))


_LIMITS = [Limits()]


def limits() -> Limits:
    """The limits in force."""
    return _LIMITS[0]


def set_limits(**changes) -> Limits:
    """Change limits for this process (e.g. ``set_limits(max_records=5_000_000)``); returns the new ones."""
    bad = [k for k in changes if k not in Limits.__dataclass_fields__]
    if bad:
        raise ValueError(f"unknown limit(s) {bad}; valid: {sorted(Limits.__dataclass_fields__)}")
    _LIMITS[0] = replace(_LIMITS[0], **changes)
    return _LIMITS[0]


def _mb(n: float) -> str:
    return f"{n / 1024 / 1024:,.0f} MB"


def check_zip(source, label: str | Path | None = None, kind: str = "zip-based (.xlsx, .docx, .qdpx)") -> None:
    """Refuse a zip-based file whose members would expand past :func:`limits`.

    Parameters
    ----------
    source : path or file-like
        The file (a path or a binary file object).
    label : str, optional
        Name used in messages (default: the path).
    kind : str
        What the file should be, for the message (``"Word (.docx)"``).

    Raises
    ------
    CorpusFormatError
        When the file is not a zip archive, or is too large, too many-membered or too compressed.
    """
    lim = limits()
    label = str(label if label is not None else source)
    try:
        with zipfile.ZipFile(source) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise CorpusFormatError(label, f"not a readable {kind} file (not a valid zip archive: {exc})") from None
    if hasattr(source, "seek"):
        source.seek(0)
    if len(infos) > lim.max_members:
        raise CorpusFormatError(label, f"has {len(infos):,} archive members; at most {lim.max_members:,} are read "
                                       "(set REVIEW_TOOLS limits to allow more)")
    total = sum(i.file_size for i in infos)
    if total > lim.max_unzipped_bytes:
        raise CorpusFormatError(label, f"would expand to {_mb(total)}; at most {_mb(lim.max_unzipped_bytes)} is read "
                                       "(REVIEW_TOOLS_MAX_UNZIPPED_MB raises the limit)")
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > lim.max_ratio * max(info.compress_size, 1):
            raise CorpusFormatError(
                label, f"member '{info.filename}' is compressed {info.file_size / max(info.compress_size, 1):,.0f} "
                       f"times ({_mb(info.file_size)}); more than {lim.max_ratio:,.0f} times is refused as a "
                       "decompression bomb (REVIEW_TOOLS_MAX_RATIO raises the limit)")


def read_member(zf: zipfile.ZipFile, name: str, label: str) -> bytes:
    """Read one member, stopping at the size limit even when the declared size lies."""
    cap = limits().max_unzipped_bytes
    with zf.open(name) as fh:
        data = fh.read(cap + 1)
    if len(data) > cap:
        raise CorpusFormatError(label, f"member '{name}' expands past {_mb(cap)}; refused")
    return data


def check_records(n: int, label: str | Path, what: str = "records") -> None:
    """Refuse an input with more than ``max_records`` records."""
    cap = limits().max_records
    if n > cap:
        raise CorpusFormatError(str(label), f"holds more than {cap:,} {what}; refused (REVIEW_TOOLS_MAX_RECORDS "
                                            "raises the limit)")


def check_pdf_pages(n: int, label: str | Path) -> None:
    """Refuse a PDF with more than ``max_pdf_pages`` pages."""
    cap = limits().max_pdf_pages
    if n > cap:
        raise CorpusFormatError(str(label), f"has {n:,} pages; at most {cap:,} are read (REVIEW_TOOLS_MAX_PDF_PAGES "
                                            "raises the limit)")
