"""Reading and writing codebook files in every format review-tools exchanges.

==================  ==========================================================================
file                read as
==================  ==========================================================================
review folder       its ``codebook.yaml``, through :func:`review_tools.config.load_review`
``*.yaml``          :func:`review_tools.config.load_codebook_file` (the same checks)
``*.qdc``           REFI-QDA codebook (:func:`review_tools.coding.qdpx.codebook_from_qdc`)
``*.csv``           Taguette table (``tag``/``name``/``path``) or plain table (``id``, ``label``)
``*.xlsx``          the same tables, from the first sheet (other sheets are reported)
==================  ==========================================================================

All of them give the one :class:`~review_tools.config.Codebook` model. The conversions live in
:mod:`review_tools.coding.codebook_tables` and :mod:`review_tools.coding.qdpx` (bytes and frames in and
out); this module, outside the coding package, only opens and writes the files.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import yaml

from .coding.codebook_tables import (
    codebook_from_table,
    codebook_from_taguette,
    codebook_to_table,
    codebook_to_taguette,
    is_taguette_table,
)
from .coding.qdpx import codebook_from_qdc, codebook_to_qdc
from .config import Codebook, load_codebook_file, load_review
from .errors import CorpusFormatError
from .readers.refi_archive import DEFAULT_MAX_MEMBER_BYTES, Archive

__all__ = ["read_codebook", "write_codebook", "codebook_yaml", "FORMATS"]

FORMATS = ("yaml", "qdc", "taguette-csv", "taguette-xlsx", "table-csv", "table-xlsx")


def _read_table(path: Path, report: list[str]) -> pd.DataFrame:
    if path.suffix.lower() == ".xlsx":
        with Archive(path, max_total_bytes=DEFAULT_MAX_MEMBER_BYTES, what="an XLSX workbook"):  # no bomb reaches openpyxl
            pass
        try:
            sheets = pd.read_excel(path, sheet_name=None, dtype=str, engine="openpyxl")
        except Exception as exc:  # openpyxl raises many types on damaged workbooks
            raise CorpusFormatError(path, f"not a readable XLSX workbook ({type(exc).__name__}: {exc})") from exc
        if not sheets:
            raise CorpusFormatError(path, "the workbook has no sheets")
        names = list(sheets)
        if len(names) > 1:
            report.append(f"{path.name}: codebook read from the first sheet '{names[0]}'; sheets {names[1:]} ignored")
        return sheets[names[0]].fillna("")
    from .readers import read_text

    text, enc = read_text(path)
    if enc not in ("utf-8", "utf-8-sig"):
        report.append(f"{path.name}: not UTF-8; read as {enc}")
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False,
                           sep="\t" if path.suffix.lower() == ".tsv" else ",")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        raise CorpusFormatError(path, f"not a readable CSV ({exc})") from exc


def read_codebook(path: str | Path, *, language: str = "en", report: list[str] | None = None) -> Codebook:
    """Read a codebook from a review folder, YAML, ``.qdc``, CSV or XLSX file.

    Parameters
    ----------
    path : str or Path
    language : str
        The language of names and single-language columns of codebooks made elsewhere.
    report : list of str, optional
        Receives what could not be represented (extra columns, sheets, colours, sets).

    Raises
    ------
    ConfigError, CorpusFormatError
        Naming the file and the row, key or element at fault.
    """
    path = Path(path)
    report = report if report is not None else []
    if path.is_dir():
        return load_review(path).codebook
    if not path.is_file():
        raise CorpusFormatError(path, "codebook file not found")
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return load_codebook_file(path)
    if suffix == ".qdc":
        return codebook_from_qdc(path.read_bytes(), source=str(path), language=language, report=report)
    if suffix in (".csv", ".tsv", ".txt", ".xlsx"):
        df = _read_table(path, report)
        convert = codebook_from_taguette if is_taguette_table(df) else codebook_from_table
        return convert(df, language=language, source=str(path), report=report)
    raise CorpusFormatError(path, f"unknown codebook format '{suffix}'; use .yaml, .qdc, .csv or .xlsx")


def codebook_yaml(codebook: Codebook) -> str:
    """The codebook as ``codebook.yaml`` text (empty keyword lists and defaults left out)."""
    data = codebook.model_dump(mode="json", exclude_none=True)
    for c in data["codes"]:
        for key in ("keywords", "case_sensitive"):
            if not c.get(key):
                c.pop(key, None)
        if c.get("codable", True):
            c.pop("codable", None)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def write_codebook(codebook: Codebook, path: str | Path, *, fmt: str | None = None, language: str = "en") -> Path:
    """Write ``codebook`` as ``fmt`` (one of :data:`FORMATS`; by default from the suffix, tables as Taguette's).

    Returns
    -------
    Path
    """
    path = Path(path)
    suffix = path.suffix.lower().lstrip(".")
    fmt = fmt or {"yaml": "yaml", "yml": "yaml", "qdc": "qdc", "csv": "taguette-csv", "xlsx": "taguette-xlsx"}.get(suffix)
    if fmt not in FORMATS:
        raise CorpusFormatError(path, f"cannot tell the codebook format from '.{suffix}'; use one of {FORMATS}")
    if fmt == "yaml":
        path.write_text(codebook_yaml(codebook), encoding="utf-8")
    elif fmt == "qdc":
        path.write_bytes(codebook_to_qdc(codebook, language=language))
    else:
        table = codebook_to_taguette(codebook, language=language) if fmt.startswith("taguette") else \
            codebook_to_table(codebook)
        if fmt.endswith("xlsx"):
            table.to_excel(path, index=False, sheet_name="codebook", engine="openpyxl")
        else:
            table.to_csv(path, index=False, encoding="utf-8")
    return path
