"""What the stage notebooks 01-06 show, in the run's language: headings, explanations, tables and facts.

A stage notebook displays these blocks instead of Markdown cells and raw DataFrames, so its page (and the
notebook in JupyterLab) speaks the ``language`` parameter: every heading, paragraph, column label and
controlled value comes from the catalogue (:mod:`review_tools.report.i18n`, keys ``sNN_*`` and ``col_*``).
The blocks render through the report's templates (autoescape), like every other page.

Example
-------
>>> from review_tools.report import stage_page as page
>>> page.text("s01_files", "fi")                               # heading + paragraph
>>> page.table(result["files"], "fi", ["source_id", "records"])  # labelled columns
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Mapping, Sequence

from .html import esc, num, sheet
from .html import table as html_table
from .i18n import TEXT, t, v
from .pages import Markup, render, stage_toc
from .summary import _paths_to_names

__all__ = ["Block", "text", "table", "facts", "messages", "column_label", "stage_title", "figure_text", "page_toc",
           "describe_figures", "drop_progress_bars", "message_text",
           "problems_text"]


class Block:
    """HTML shown by a notebook (``_repr_html_``) and readable as text in a terminal."""

    def __init__(self, html: str, plain: str = ""):
        self.html = str(html)
        self.plain = plain

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.plain or self.html


def stage_title(stage_id: str, language: str) -> str:
    """The title of a stage's page (``stage_<id>`` in the catalogue), e.g. "Seulonta" for ``02-screening``; a
    notebook the catalogue does not know is titled from its name ("03-my-extra" -> "My extra")."""
    if f"stage_{stage_id}" in TEXT["en"]:
        return t(f"stage_{stage_id}", language)
    return stage_id.split("-", 1)[1].replace("-", " ").capitalize() if "-" in stage_id else stage_id


_HEADING = re.compile(r'<h([1-2])[^>]*\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_HEADING_ANY = re.compile(r"<h[1-6][^>]*>(.*?)</h[1-6]>", re.S)


def page_toc(body: str, language: str = "en") -> str:
    """The table of contents of a rendered stage page from its h1/h2 headings with ids, labelled in ``language``."""
    items = []
    for level, anchor, inner in _HEADING.findall(body):
        label = re.sub(r"<[^>]+>", "", inner).replace("¶", "").strip()
        if label:
            items.append((level, anchor, label))
    return stage_toc(items, t("contents", language))


_PROGRESS = re.compile(r"\d+%\|")


def drop_progress_bars(nb) -> None:
    """Leave the progress bars (tqdm widgets: their text is a frozen "0%|" line) out of an executed notebook's page."""
    for cell in nb.cells:
        if "outputs" in cell:
            cell.outputs = [o for o in cell.outputs if not ("application/vnd.jupyter.widget-view+json" in o.get("data", {})
                                                            and _PROGRESS.search(o["data"].get("text/plain", "")))]


def describe_figures(nb, language: str = "en") -> None:
    """Give every figure of an executed notebook without alternative text one from the heading it stands under
    (a Markdown heading or one a cell displayed; the page's title before any), in ``language``."""
    heading = str(nb.metadata.get("title", ""))
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            found = re.findall(r"^#+\s*(.+)$", cell.source, re.M)
            heading = found[-1].strip() if found else heading
            continue
        for out in cell.get("outputs", []):
            found = _HEADING_ANY.findall(out.get("data", {}).get("text/html", "") or "")
            if found:
                heading = re.sub(r"<[^>]+>", "", found[-1]).strip() or heading
            if "image/png" in out.get("data", {}):
                meta = out.setdefault("metadata", {}).setdefault("image/png", {})
                meta.setdefault("alt", t("figure_alt", language, heading=heading))


def text(key: str, language: str, *, level: int = 2) -> Block:
    """A heading (``<key>_h``) with its explanation (``<key>_p``, when the catalogue has one; paragraphs split
    at blank lines). The heading's id is the key, so the page's table of contents links it."""
    heading = t(f"{key}_h", language)
    body = t(f"{key}_p", language) if f"{key}_p" in TEXT["en"] else ""
    paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
    html = render("stage_text", level=level, anchor=key.replace("_", "-"), heading=heading, paragraphs=paragraphs)
    return Block(html, "\n\n".join([heading, *paragraphs]))


def figure_text(figure: str, language: str) -> dict[str, str]:
    """The words inside a stage's figure (catalogue keys ``fx_<figure>_<word>``) by word, in ``language``."""
    prefix = f"fx_{figure}_"
    return {k[len(prefix):]: t(k, language) for k in TEXT["en"] if k.startswith(prefix)}


def column_label(column: str, language: str) -> str:
    """The label of a table column (catalogue key ``col_<column>``)."""
    return t(f"col_{column}", language)


def _cell(value, language: str, translate: bool) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return t("yes" if value else "no", language)
    if translate:
        return v(value, language)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return num(value)
    if isinstance(value, str) and ("/" in value or "\\" in value):  # a file path: its name only
        return _paths_to_names(value)
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return _cell(value.item(), language, translate)
    return str(value)


def table(df, language: str, columns: Sequence[str] | None = None, *, values: Iterable[str] = (),
          labels: Mapping[str, str] | None = None, head: int | None = None,
          maps: Mapping[str, Mapping[str, str]] | None = None) -> Block:
    """A table of ``df`` with labelled columns.

    Parameters
    ----------
    df : DataFrame or None
        None (a table the stage could not compute) shows "No rows." in ``language``.
    language : str
    columns : sequence of str, optional
        The columns to show, in order (default: all); those ``df`` lacks are left out.
    values : iterable of str
        Columns whose cells are controlled values shown in ``language`` (``VALUES``: better, worse, include, ...).
    labels : mapping, optional
        Labels for columns named by data (e.g. one column per theme) instead of the catalogue's.
    head : int, optional
        Show only the first ``head`` rows.
    maps : mapping, optional
        Per column, labels of codes the review folder defines (e.g. exclusion reasons in ``language``); a cell
        of several codes (``a; b``) is mapped code by code.

    Raises
    ------
    KeyError
        For a column with no label in the catalogue (and none in ``labels``).
    """
    if df is None:  # a table the stage could not compute (e.g. reliability without two coders)
        return Block(render("stage_list", items=[], empty=t("no_rows", language)), t("no_rows", language))
    labels = dict(labels or {})
    cols = [c for c in (columns if columns is not None else list(df.columns)) if c in df.columns]
    header = [labels[c] if c in labels else column_label(str(c), language) for c in cols]
    if not len(df):
        return Block(render("stage_list", items=[], empty=t("no_rows", language)), t("no_rows", language))
    shown = df if head is None else df.head(head)
    for col, mapping in (maps or {}).items():
        if col in shown.columns:
            shown = shown.assign(**{col: shown[col].map(lambda x, m=mapping: x if not isinstance(x, str) else "; ".join(
                m.get(p.strip(), p.strip()) for p in x.replace(",", ";").split(";") if p.strip()))})
    translate = set(values)
    numeric = [i for i, c in enumerate(cols) if str(shown[c].dtype).startswith(("int", "float", "Int", "Float"))
               and c not in translate]
    rows = [[esc(_cell(val, language, c in translate)) for c, val in zip(cols, row, strict=True)] for row in shown[cols].itertuples(index=False, name=None)]
    html = html_table(header, rows, numeric=numeric)
    return Block(Markup(html), f"{len(shown)} × {len(cols)}")


def _fact_value(value, language: str, values: bool, names: Mapping[str, str] | None = None) -> str:
    if isinstance(value, Mapping):
        return "; ".join(f"{(names or {}).get(k) or (v(k, language) if values or names else k)}: "
                         f"{_fact_value(x, language, values)}" for k, x in value.items())
    if isinstance(value, list | tuple):
        return "; ".join(_fact_value(x, language, values) for x in value)
    if isinstance(value, float):
        return num(round(value, 3))
    return _cell(value, language, False)


def facts(mapping: Mapping, language: str, keys: Sequence[str], *, values: Iterable[str] = (),
          maps: Mapping[str, Mapping[str, str]] | None = None) -> Block:
    """A two-column sheet of ``mapping[key]`` for ``keys`` (labels ``col_<key>``; missing keys are left out).
    Nested mappings become ``name: n; ...``; their names are controlled values when the key is in ``values``,
    or labelled by ``maps[key]`` (the review's own codes, e.g. exclusion reasons: ``{code: label}``)."""
    values, maps = set(values), maps or {}
    items = [(column_label(k, language), esc(_fact_value(mapping[k], language, k in values, maps.get(k))))
             for k in keys if k in mapping]
    return Block(Markup(sheet(items)), "\n".join(f"{a}: {b}" for a, b in items))


@functools.lru_cache(maxsize=1)
def _message_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    """The English messages of the catalogue (keys ``msg_*``) as patterns, their fields as named groups."""
    out = []
    for key, text in TEXT["en"].items():
        if key.startswith("msg_"):
            parts = re.split(r"\{(\w+)\}", text)  # text, field, text, field, ...
            # a value never holds "; ", which joins a row's problems
            body = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>(?:(?!; ).)+?)" for i, p in enumerate(parts))
            out.append((key, re.compile(body, re.S)))
    return tuple(out)


def message_text(item: str, language: str) -> str:
    """A reader's or stage's message in ``language``: one the catalogue knows (``msg_*``, written in English by
    the library and kept so in logs and manifests) is worded in ``language`` with its values; another is shown
    as written."""
    text = str(item)
    if language == "en":
        return text
    for key, pattern in _message_patterns():
        m = pattern.fullmatch(text)
        if m:
            return t(key, language, **m.groupdict())
    return text


def problems_text(text: str, language: str) -> str:
    """A validation problem list (``a; b``, as the readers join a rejected row's problems) in ``language``,
    each problem through :func:`message_text`."""
    text = str(text)
    if language == "en" or not text:
        return text
    whole = message_text(text, language)
    if whole != text:
        return whole
    return "; ".join(message_text(p, language) for p in re.split(r"; (?![^\[]*\])", text))


def messages(items: Iterable, language: str) -> Block:
    """A list of messages (warnings, skipped entries; file paths by their name) in ``language``
    (:func:`message_text`), or a sentence saying there are none."""
    items = [_paths_to_names(message_text(i, language)) for i in items]
    return Block(render("stage_list", items=items, empty=t("no_messages", language)), "\n".join(items))
