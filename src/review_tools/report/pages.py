"""The one HTML writer: every page and HTML block is rendered from a Jinja2 template with autoescape.

Templates live in ``review_tools/templates/report/``. Text passed to a template is escaped there;
HTML that a caller built from escaped parts is passed as :class:`markupsafe.Markup`. Pages:

* :func:`document_page`: the standalone recommendations report (:func:`review_tools.report.render_document`);
* :func:`run_index_page`: ``RUN/index.html`` (stages, their pages, the parameters);
* ``OUT/index.html`` and the batch's regions x themes table: :mod:`review_tools.report.run_index`;
* :func:`stage_header` and :func:`stage_toc`: the header and table of contents of a stage page (the notebook itself is rendered by nbconvert
  with the ``review_html`` template beside these).

The building blocks of the report's sections (:mod:`review_tools.report.html`) use the same
environment. No function here reads or writes a file.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable, Mapping

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

__all__ = ["Markup", "render", "document_page", "run_index_page", "stage_header", "stage_toc"]

#: Background colours of the batch overview's signal cells.


def _escape_text(value):
    """Escape text as :func:`review_tools.report.html.esc` does (``html.escape``: ``&#x27;``, ``&quot;``), so
    text escaped by a template and text escaped before reaching it are spelled alike; markup passes."""
    if hasattr(value, "__html__"):
        return value
    return Markup(html.escape(str(value)))


class _Loader(PackageLoader):
    """Templates of ``templates/report``; those of the report's sections (``sections/``) are written over
    several indented lines for reading and joined into one line here (a section is one run of HTML)."""

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        if template.startswith("sections/"):
            source = re.sub(r"\n[ \t]*", "", source)
        return source, filename, uptodate


def _h(value) -> Markup:
    """The ``h`` filter: text escaped now (as markup), "" for None and NaN, e.g. for table cells."""
    if value is None or (isinstance(value, float) and value != value):
        return Markup("")
    return _escape_text(value)


@functools.lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja2 environment of every page (autoescape on, undefined names are errors)."""
    env = Environment(loader=_Loader("review_tools", "templates/report"), autoescape=True, finalize=_escape_text,
                      undefined=StrictUndefined, keep_trailing_newline=False, extensions=["jinja2.ext.do"])
    env.filters["h"] = _h
    return env


def render(template: str, **context) -> str:
    """Render ``templates/report/<template>.html.j2`` with ``context`` (text is escaped)."""
    return environment().get_template(f"{template}.html.j2").render(**context)


def document_page(sections, *, title: str, language: str, contents: str) -> str:
    """A standalone report page: title, table of contents (``contents`` is its label) and the sections' HTML."""
    body = Markup("\n".join(s.html for s in sections))
    return render("document", sections=sections, title=title, language=language, contents=contents, body=body)


def run_index_page(name: str, status: str, stages: Iterable[Mapping], parameters: Mapping, *, has_report: bool,
                   language: str = "en", pages: Iterable[tuple[str, str]] = ()) -> str:
    """``RUN/index.html``, in the run's language.

    Parameters
    ----------
    name, status : str
        The run's name and status (a controlled value: ``ok``, ``failed``, ...).
    stages : iterable of mapping
        ``name`` (the notebook or its stem, ``01-ingest-dedup``), ``href`` (the stage page relative to the run,
        or None), ``status``, ``reused``, ``seconds``.
    parameters : mapping
        The run's notebook parameters; those the catalogue labels (``col_<name>``) by their label, the others
        by their name as code.
    has_report : bool
        Link ``report.html``.
    language : str
        ``en``, ``fi`` or ``sv`` (an unknown one: English).
    pages : iterable of (str, str)
        Further pages of the run: ``(label, href)`` (the welfare-report part, the reporter groups' feedback pages).
    """
    from .i18n import TEXT, t, v

    lang = language if language in TEXT else "en"
    rows = []
    for s in stages:
        stem = str(s["name"]).removesuffix(".ipynb")
        key = f"stage_{stem}"
        title = f"{stem[:2]} {t(key, lang)}" if key in TEXT["en"] else stem
        rows.append({**s, "title": title, "status_text": v(str(s["status"]), lang)})
    params = [(t(f"col_{k}", lang), True, str(val)) if f"col_{k}" in TEXT["en"] else (str(k), False, str(val))
              for k, val in parameters.items()]
    return render("run_index", name=name, status_text=v(status, lang), stages=rows, parameters=params,
                  has_report=has_report, lang=lang, t=t, pages=list(pages))


def stage_toc(items: list[tuple[str, str, str]], label: str = "Contents") -> str:
    """The table of contents of a stage page from ``(level, anchor, label)`` of its headings, all three taken
    from the rendered page (already escaped there, so passed as markup); "" for fewer than two headings.
    ``label`` names it (the catalogue's ``contents`` in the page's language)."""
    if len(items) < 2:
        return ""
    return render("stage_toc", items=[(lvl, Markup(anchor), Markup(text)) for lvl, anchor, text in items], label=label)


def stage_header(title: str, subtitle: str = "") -> str:
    """The header of a stage page (title and an optional subtitle such as the failure message)."""
    return render("stage_header", title=title, subtitle=subtitle)
