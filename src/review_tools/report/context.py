"""The context every report section is built from, and the small formatting helpers they share.

A section formats a :class:`~review_tools.synthesis.SynthesisResult` (with its
:class:`~review_tools.synthesis.ReportInputs`) and the review's configuration; it never reads an
artefact or recomputes a figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from ..config import ReviewConfig
from ..synthesis import ReportInputs, SynthesisResult, anchor
from . import html
from .html import esc, num
from .i18n import t, v
from .pages import Markup, render
from .screening import screening_sentences


@dataclass(frozen=True)
class ReportContext:
    """Everything a section needs.

    Attributes
    ----------
    config : ReviewConfig
    result : SynthesisResult
    language : str
        ``"en"`` or ``"fi"``.
    parameters : dict
        The notebook parameters of the run.
    provenance : dict
        ``versions``, ``inputs`` (file -> SHA-256), ``artefacts`` (table -> SHA-256), ``stages``.
    municipality_names : dict
        Municipality code -> name in the report's language (from the corpus's region key; may be empty).
    """

    config: ReviewConfig
    result: SynthesisResult
    language: str = "en"
    parameters: dict = field(default_factory=dict)
    provenance: dict = field(default_factory=dict)
    municipality_names: dict = field(default_factory=dict)

    @property
    def inputs(self) -> ReportInputs:
        """The report's material beside the evidence (profile, reports, sample, screening, artefacts)."""
        return self.result.inputs

    def code_label(self, code: str) -> str:
        for c in self.config.codebook.codes:
            if c.id == code:
                return c.label.get(self.language)
        return code

    @cached_property
    def study_labels(self) -> dict[str, str]:
        """Included study id -> a short citation a reader knows it by (``Courtney et al. 2008``)."""
        inc = self.inputs.artefacts.get("02-screening", "included.csv")
        out: dict[str, str] = {}
        if inc is None:
            return out
        for rec in inc.to_dict("records"):
            out[str(rec.get("record_id"))] = short_citation(rec)
        return out

    def unit_label(self, unit_id: str) -> str:
        """What a reader knows an evidence unit by: a study's short citation, an indicator's title, else the id
        (interview passages and social reports are known by their ids)."""
        if unit_id in self.study_labels:
            return self.study_labels[unit_id]
        return self.indicator_title(unit_id)

    def indicator_title(self, indicator_id: str) -> str:
        """An indicator's title in the report's language; for one not in the review's set (an earlier stage's data),
        its name in the data; else the id."""
        for ind in self.config.indicators.indicators:
            if ind.id == indicator_id:
                return ind.title.get(self.language)
        prof = self.inputs.profile
        if "indicator" in prof.columns and "indicator_id" in prof.columns:
            hit = prof.loc[prof["indicator_id"] == indicator_id, "indicator"].dropna()
            if len(hit):
                return str(hit.iloc[0])
        return indicator_id


def short_citation(rec: dict) -> str:
    """``Surname 2008``, ``Surname & Other 2008`` or ``Surname et al. 2008`` from a record's ``authors`` (``;``-separated,
    ``Surname, Given``) or ``citation`` and ``year``; the title's first words when there is no author."""
    def text(key):
        val = rec.get(key)
        return "" if val is None or (isinstance(val, float) and val != val) else str(val).strip()

    year = text("year").removesuffix(".0")
    authors = [a.strip() for a in re.split(r";|\band\b", text("authors")) if a.strip()]
    if not authors and text("citation"):
        head = text("citation").split("(", 1)[0]
        authors = [a.strip() for a in re.split(r",?\s*&\s*|\.,\s*", head) if a.strip()][:3]
    names = [a.split(",")[0].strip() for a in authors if a.split(",")[0].strip()]
    if not names:
        title = " ".join(text("title").split()[:6])
        return f"{title}… {year}".strip() if title else text("record_id")
    who = names[0] if len(names) == 1 else (f"{names[0]} & {names[1]}" if len(names) == 2 else f"{names[0]} et al.")
    return f"{who} {year}".strip()


def first_text(row, columns) -> str | None:
    for c in columns:
        val = row.get(c)
        if isinstance(val, str) and val.strip():
            return val
    return None


def local(text, language: str) -> str:
    """A text of the review folder in ``language``: a translated text (``fi``/``sv``/``en`` fields) or a plain
    string shown as written ("" for None)."""
    if text is None:
        return ""
    return text.get(language) if hasattr(text, "get") else str(text)


def render_section(name: str, ctx: ReportContext, **view) -> str:
    """Render ``templates/report/sections/<name>.html.j2`` with the context, the language, the block helpers
    (``heading``, ``table``, ``sheet``, ``warning``, ``image``, ``figure``, ``link``), ``t``, ``v``, ``local``, ``num``
    and ``view`` (which may replace a block helper, e.g. ``link`` on a page of its own that links into the report)."""
    blocks = {f.__name__: _markup(f) for f in (html.heading, html.table, html.sheet, html.warning, html.image,
                                                 html.figure, html.link)}
    return render(f"sections/{name}", ctx=ctx, lang=ctx.language, t=t, v=v, local=lambda x: local(x, ctx.language),
                  num=num, pct=pct, round_to=round_to,
                  anchor=anchor, data_uri=html.data_uri, screening_sentences=screening_sentences,
                  **{**blocks, **view})


def linking_to(page: str):
    """The ``link`` block helper of a page of its own whose links go to ``page`` (a relative URL, e.g. the report)."""
    return lambda target_id, text: Markup(html.link(target_id, text, page))


def _markup(block):
    """A block helper whose HTML a template inserts as it is (the helper escaped its text)."""
    return lambda *args, **kwargs: Markup(block(*args, **kwargs))


def round_to(x, d: int = 2):
    try:
        return round(float(x), d)
    except (TypeError, ValueError):
        return x


def pct(x) -> str:
    try:
        f = float(x)
    except (TypeError, ValueError):
        return esc(x)
    return num(round(f * 100 if f <= 1 else f, 1))
