"""Small HTML building blocks of the report: escaping, tables, links, embedded figures, the style sheet.

The blocks are rendered from templates by :mod:`review_tools.report.pages` (Jinja2, autoescape):
plain-text arguments are escaped there, arguments documented as HTML are passed as markup.
Everything the report needs is inline: the style sheet is a ``<style>`` element, figures are base64
``data:`` URIs. No script, font or style is fetched and no JavaScript is used.
"""

from __future__ import annotations

import base64
import html
import math
import re
from collections.abc import Iterable, Sequence

from ..identifiers import normalise_doi
from ..writers import render_png
from .pages import Markup, render

CSS = """
.rt-report { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  line-height: 1.45; color: #1b1f23; max-width: 72rem; overflow-wrap: break-word; }
.rt-report h2 { border-bottom: 2px solid #1f4e79; padding-bottom: .2rem; margin-top: 2rem; color: #1f4e79; }
.rt-report h3 { margin-top: 1.4rem; color: #1f4e79; }
.rt-report h4 { margin: 1rem 0 .3rem; }
.rt-report .rt-scroll { overflow-x: auto; max-width: 100%; margin: .5rem 0 1rem; }
.rt-report .rt-scroll:focus-visible { outline: 2px solid #1f4e79; outline-offset: 2px; }
.rt-report a { color: #0b3d91; text-decoration: underline; text-underline-offset: .12em; }
.rt-report details.rt-figure-data summary { cursor: pointer; color: #0b3d91; text-decoration: underline; }
.rt-report table.rt-table { border-collapse: collapse; font-size: .92rem; min-width: 50%; }
.rt-report table.rt-table th, .rt-report table.rt-table td { border: 1px solid #d0d7de; padding: .3rem .5rem;
  text-align: left; vertical-align: top; }
.rt-report table.rt-table th { background: #f0f4f8; }
.rt-report table.rt-table td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.rt-report table.rt-table td.num .rt-note { white-space: normal; }
.rt-report .rt-warning { border-left: 4px solid #b35900; background: #fff4e5; padding: .5rem 1rem; margin: .6rem 0; }
.rt-report .rt-note { color: #444; font-size: .9rem; }
.rt-report .rt-badge { display: inline-block; background: #b35900; color: #fff; font-weight: 700; font-size: .75rem;
  padding: .05rem .4rem; border-radius: 3px; letter-spacing: .03em; }
.rt-report .rt-conv { display: inline-block; padding: .05rem .4rem; border-radius: 3px; font-size: .85rem; }
.rt-report .rt-conv-agree { background: #d8f0dc; } .rt-report .rt-conv-partly { background: #eef3d2; }
.rt-report .rt-conv-conflict { background: #f8d7d3; } .rt-report .rt-conv-single-stream { background: #e8e8e8; }
.rt-report .rt-conv-no-evidence { background: #fff; border: 1px dashed #999; }
.rt-report ul.rt-evidence { margin: 0; padding-left: 1.1rem; }
.rt-report ul.rt-evidence li { margin: .15rem 0; }
.rt-report .rt-kind { font-size: .75rem; text-transform: uppercase; color: #555; letter-spacing: .03em; }
.rt-report figure { margin: 1rem 0; }
.rt-report figure img { max-width: 100%; height: auto; border: 1px solid #e1e4e8; }
.rt-report figcaption { font-size: .9rem; color: #444; }
.rt-report blockquote { margin: .3rem 0 .3rem 1rem; padding-left: .6rem; border-left: 3px solid #c8d1dc; }
.rt-report table.rt-sheet { border-collapse: collapse; margin: .5rem 0; }
.rt-report table.rt-sheet th { text-align: left; vertical-align: top; padding: .25rem 1rem .25rem 0; white-space: nowrap;
  font-weight: 600; background: none; border: none; }
.rt-report table.rt-sheet td { text-align: left; vertical-align: top; padding: .25rem 0; border: none; }
.rt-report table.rt-sheet ol, .rt-report table.rt-sheet ul { margin: 0; padding-left: 1.2rem; }
.rt-report ol.rt-refs li, .rt-report ul.rt-refs li { margin: .35rem 0; }
.rt-report :target { background: #fff8c5; outline: 2px solid #e3b341; }
.rt-report code { font-size: .85em; }
.rt-report article.rt-rec { border: 1px solid #d0d7de; border-radius: 6px; padding: .2rem 1rem .6rem; margin: 1rem 0; }
.rt-report article.rt-rec h3 { margin-top: .6rem; }
@media (max-width: 640px) {
  .rt-report { font-size: 15px; }
  .rt-report table.rt-sheet th, .rt-report table.rt-sheet td { display: block; white-space: normal; padding: 0; }
  .rt-report table.rt-sheet td { margin-bottom: .5rem; }
  .rt-report table.rt-cards, .rt-report table.rt-cards tbody, .rt-report table.rt-cards tr,
  .rt-report table.rt-cards td { display: block; width: auto; min-width: 0; }
  .rt-report table.rt-cards thead { display: none; }
  .rt-report table.rt-cards tr { border: 1px solid #d0d7de; margin-bottom: .7rem; }
  .rt-report table.rt-cards td { border: none; border-bottom: 1px solid #eee; }
  .rt-report table.rt-cards td::before { content: attr(data-label); display: block; font-weight: 600;
    font-size: .8rem; color: #555; }
  .rt-report table.rt-cards td.num { text-align: left; }
}
@media print {
  .rt-report { max-width: none; font-size: 10pt; color: #000; }
  .rt-report .rt-scroll { overflow: visible; }
  .rt-report table.rt-table { font-size: 8.5pt; }
  .rt-report tr, .rt-report figure, .rt-report li, .rt-report article.rt-rec { break-inside: avoid; }
  .rt-report h2, .rt-report h3 { break-after: avoid; }
  .rt-report a { color: #000; text-decoration: none; }
  .rt-report :target { background: none; outline: none; }
  .rt-report .rt-badge { border: 1px solid #000; color: #000; background: none; }
}
"""


def esc(value) -> str:
    """Escape any value for HTML text ("" for None and NaN)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value))


def style() -> str:
    """The report's style sheet as a ``<style>`` element."""
    return render("style", css=Markup(CSS))


def link(target_id: str, text: str, page: str = "") -> str:
    """A link to the element with id ``target_id`` (of this page, or of ``page``, a relative URL); ``text`` is HTML."""
    return render("link", target=target_id, text=Markup(text), page=page)


_URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:)\]]|\bdoi:\s*(10\.\d{4,9}/[^\s<>\"']+[^\s<>\"'.,;:)\]])", re.I)


def doi_url(doi) -> str:
    """``https://doi.org/<doi>`` for a DOI (bare, ``doi:``-prefixed or already a doi.org address); ``""`` for none."""
    d = normalise_doi(doi) if isinstance(doi, str) else ""
    return f"https://doi.org/{d}" if d else ""


def external_link(url: str, text: str | None = None) -> Markup:
    """A link to an http(s) address (text escaped); anything else is returned as escaped text."""
    shown = str(text if text is not None else url)
    if not re.match(r"https?://", str(url), re.I):
        return Markup.escape(shown)
    return Markup(render("external_link", url=str(url), text=shown))


def linkify(text) -> Markup:
    """Escape ``text`` and turn its URLs and ``doi:`` references into links (``https://doi.org/...``)."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return Markup("")
    text, out, pos = str(text), Markup(""), 0
    for m in _URL.finditer(text):
        out += Markup.escape(text[pos:m.start()])
        out += external_link(f"https://doi.org/{m.group(1)}", m.group(0)) if m.group(1) else external_link(m.group(0))
        pos = m.end()
    return out + Markup.escape(text[pos:])


def num(value, decimals: int | None = None) -> str:
    """Format a number for a table cell ("" for missing, integers without decimals)."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        return esc(value)
    if math.isnan(x):
        return ""
    if decimals is not None:
        return f"{x:.{decimals}f}"
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.3f}".rstrip("0").rstrip(".")


def table(
    header: Sequence[str], rows: Iterable[Sequence[str]], *, cards: bool = False, numeric: Sequence[int] = (),
    row_ids: Sequence[str | None] | None = None, caption: str = "",
) -> str:
    """Build a responsive table; cells are HTML (escape text before).

    Parameters
    ----------
    header : sequence of str
        Column labels (plain text; escaped here).
    rows : iterable of sequences of str
        Cell HTML.
    cards : bool
        On narrow screens show each row as a card (each cell labelled with its column).
    numeric : sequence of int
        Column positions aligned right.
    row_ids : sequence, optional
        An id per row (link targets) or None.
    caption : str
        Plain-text caption.
    """
    numeric = set(numeric)
    rows = [{"id": row_ids[i] if row_ids is not None else None, "cells": [Markup(c) for c in row]}
            for i, row in enumerate(rows)]
    return render("table", cls="rt-table rt-cards" if cards else "rt-table", caption=caption, header=list(header),
                  rows=rows, numeric=numeric)


def data_uri(mime: str, content: bytes) -> str:
    """A ``data:`` URI of ``content``."""
    return f"data:{mime};base64,{base64.b64encode(content).decode('ascii')}"


def figure(fig, alt: str, caption: str = "", dpi: int = 100, data=None, data_label: str = "") -> str:
    """Embed a matplotlib Figure as a base64 PNG ``<figure>`` (drawn once; the figure is not closed or changed).

    ``data`` (``(header, rows)`` of plain text) adds the figure's values as a table in a ``<details>``
    element summarised by ``data_label``, for readers who cannot see the image."""
    return image(data_uri("image/png", render_png(fig, dpi=dpi)), alt, caption, data=data, data_label=data_label)


def image(src: str, alt: str, caption: str = "", data=None, data_label: str = "") -> str:
    """A ``<figure>`` with an image from a ``data:`` URI (and its values as a table, see :func:`figure`)."""
    values = table(data[0], [[esc(c) for c in row] for row in data[1]]) if data else ""
    return render("image", src=src, alt=alt, caption=caption, values=Markup(values), data_label=data_label)


def sheet(items) -> str:
    """A two-column fact sheet (label, value HTML) that stacks on phones."""
    return render("sheet", items=[(k, Markup(val)) for k, val in items])


def warning(text_html: str) -> str:
    """A visible warning box; ``text_html`` is HTML."""
    return render("warning", body=Markup(text_html))


def heading(level: int, anchor_id: str, text: str) -> str:
    """A heading with an id (the runner builds its table of contents from h1-h3 ids)."""
    return render("heading", level=int(level), id=anchor_id, text=text)