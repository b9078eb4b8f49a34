"""The context every report section is built from, and the small formatting helpers they share.

A section formats a :class:`~review_tools.synthesis.SynthesisResult` (with its
:class:`~review_tools.synthesis.ReportInputs`) and the review's configuration; it never reads an
artefact or recomputes a figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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

    def indicator_title(self, indicator_id: str) -> str:
        for ind in self.config.indicators.indicators:
            if ind.id == indicator_id:
                return ind.title.get(self.language)
        return indicator_id


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
    and ``view``."""
    blocks = {f.__name__: _markup(f) for f in (html.heading, html.table, html.sheet, html.warning, html.image,
                                                 html.figure, html.link)}
    return render(f"sections/{name}", ctx=ctx, lang=ctx.language, t=t, v=v, local=lambda x: local(x, ctx.language),
                  num=num, pct=pct, round_to=round_to,
                  anchor=anchor, data_uri=html.data_uri, screening_sentences=screening_sentences,
                  **blocks, **view)


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
