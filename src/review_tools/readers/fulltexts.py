"""Full texts for the full-text stage: find them in a corpus folder by record id or DOI, extract their text.

A reader (file access), so that the screening package stays frames in, frames out.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..errors import CorpusFormatError

EXTENSIONS = (".pdf", ".txt", ".html", ".htm")
FULLTEXT_COLUMNS = ["record_id", "doi", "path", "found"]


def doi_stem(doi: str) -> str:
    """Return the file-name stem of a DOI: the bare DOI with ``/`` replaced by ``_``.

    >>> doi_stem("https://doi.org/10.1016/j.childyouth.2019.104567")
    '10.1016_j.childyouth.2019.104567'
    """
    d = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", str(doi).strip(), flags=re.I)
    return d.replace("/", "_")


def find_fulltext(record_id: str, doi: str | None, folder: str | Path) -> Path | None:
    """Return the full-text file of a record in ``folder``, or ``None``.

    Files are named by record id or by DOI with ``/`` replaced by ``_`` (case-insensitive), with
    one of the extensions pdf, txt, html, htm; a PDF wins over the other formats.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return None
    stems = {str(record_id).lower()}
    if doi:
        stems.add(doi_stem(doi).lower())
    found = [p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in EXTENSIONS and p.stem.lower() in stems]
    if not found:
        return None
    return sorted(found, key=lambda p: (EXTENSIONS.index(p.suffix.lower()), p.name))[0]


def fulltext_table(records: pd.DataFrame, folder: str | Path) -> pd.DataFrame:
    """Locate the full text of every record; ``records`` needs ``record_id`` (``doi`` optional).

    Returns
    -------
    DataFrame
        ``record_id, doi, path, found`` (path relative to nothing: as found under ``folder``).
    """
    rows = []
    for _, r in records.iterrows():
        doi = r.get("doi") if "doi" in records.columns else None
        doi = None if doi is None or pd.isna(doi) or not str(doi).strip() else str(doi)
        p = find_fulltext(r["record_id"], doi, folder)
        rows.append({"record_id": r["record_id"], "doi": doi or "", "path": str(p) if p else "", "found": p is not None})
    return pd.DataFrame(rows, columns=FULLTEXT_COLUMNS)


def extract_text(path: str | Path) -> str:
    """Extract the plain text of a full text (PDF with pypdf; text or HTML files as text).

    Raises
    ------
    CorpusFormatError
        If the PDF cannot be parsed or yields no text (e.g. a scanned image without OCR).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        from .limits import check_pdf_pages, limits

        try:
            reader = PdfReader(str(path))
            check_pdf_pages(len(reader.pages), path)
            pages, size = [], 0
            for page in reader.pages:  # pypdf caps each decompressed stream; the total is capped here
                pages.append(page.extract_text() or "")
                size += len(pages[-1])
                if size > limits().max_unzipped_bytes:
                    raise CorpusFormatError(path, "the PDF's text expands past the size limit; refused "
                                                  "(REVIEW_TOOLS_MAX_UNZIPPED_MB raises it)")
        except (PdfReadError, ValueError, KeyError, OSError, MemoryError) as exc:
            raise CorpusFormatError(path, f"cannot read the PDF ({type(exc).__name__}: {exc})") from exc
        except Exception as exc:  # pypdf raises LimitReachedError and others on hostile streams
            if isinstance(exc, CorpusFormatError):
                raise
            raise CorpusFormatError(path, f"cannot read the PDF ({type(exc).__name__}: {exc})") from exc
        text = "\n\n".join(p.strip() for p in pages if p.strip())
        if not text:
            raise CorpusFormatError(path, "the PDF has no extractable text (scanned image?); run OCR first")
        return text
    raw = path.read_text(encoding="utf-8", errors="replace")
    if suffix in (".html", ".htm"):
        from lxml import html as lxml_html

        return lxml_html.fromstring(raw).text_content().strip()
    return raw.strip()
