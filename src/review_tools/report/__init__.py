"""The recommendations report: HTML sections that format a SynthesisResult, in English or Finnish.

Every page and section is rendered from a Jinja2 template (autoescape) in ``templates/report/`` by
:mod:`review_tools.report.pages`, which also writes the run index, the runs index, the batch
overview and the stage pages' header and table of contents.

The synthesis notebook displays the sections (:func:`display_sections`); the runner converts the
executed notebook into ``RUN/report.html``. :func:`render_document` assembles the same sections into
a standalone page (used by the tests and for previews). Every page is self-contained: inline
style sheet, figures as ``data:`` URIs, no JavaScript.

Example
-------
>>> cfg = load_review("review")
>>> art = load_artefacts("outputs/demo")  # review_tools.stages.synthesis_report
>>> res = synthesis.synthesise(cfg.recommendations, cfg.codebook, cfg.indicators, art, "5", "2000-2012")
>>> sections = build_sections(cfg, res, language="fi", parameters={...})
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..config import ReviewConfig
from ..provenance import input_hashes, package_versions
from ..synthesis import Artefacts, SynthesisResult
from .context import ReportContext
from .html import style
from .i18n import check_language, t
from .pages import document_page
from .sections import SECTIONS
from .welfare import follow_up, follow_up_alt, follow_up_figure, welfare_report


@dataclass(frozen=True)
class Section:
    """One section of the report.

    Attributes
    ----------
    id : str
        The id of the section's heading (a link target).
    title : str
        The heading text in the report's language.
    html : str
        The section's HTML (a ``<section>`` element).
    """

    id: str
    title: str
    html: str

    def _repr_html_(self) -> str:
        return self.html


TITLE_KEYS = {
    "description": "description", "background": "background", "methods": "methods", "confidence": "confidence", "findings": "findings",
    "regional-profile": "profile", "social-reporting": "social", "recommendations": "recommendations",
    "monitoring": "monitoring", "follow-up": "follow_up", "welfare-report": "welfare", "limitations": "limitations",
    "references": "references", "provenance": "provenance", "accessibility": "accessibility",
}


def collect_provenance(artefacts: Artefacts, review_dir: str | Path | None = None,
                       corpus_dir: str | Path | None = None) -> dict:
    """Gather the provenance appendix's content.

    Uses ``RUN/manifest.json`` when the run has one (inputs, versions); otherwise hashes the review
    and corpus files (:func:`review_tools.provenance.input_hashes`, as the runner does) and reads the installed
    package versions. The artefact tables are always identified by the SHA-256 of their content.

    Returns
    -------
    dict
        ``versions``, ``inputs``, ``artefacts``, ``stages`` (each stage's record), ``stage_runs`` (the runner's
        record of each stage run so far: name, status, seconds, reused, finished) and ``started``.
    """
    manifest = artefacts.manifest or {}
    versions = dict(manifest.get("versions") or {})
    if not versions:
        versions = package_versions()
    inputs = dict(manifest.get("inputs") or {})
    if not inputs and review_dir is not None:
        folders = [Path(review_dir)] + ([Path(corpus_dir)] if corpus_dir is not None else [])
        inputs = input_hashes(*folders)
    stages = dict(manifest.get("stage_outputs") or {}) or dict(artefacts.stage_manifests)
    return {"versions": versions, "inputs": inputs, "artefacts": artefacts.hashes(), "stages": stages,
            "stage_runs": list(manifest.get("stages") or []), "started": manifest.get("started")}


def build_sections(
    config: ReviewConfig, result: SynthesisResult, *args, language: str = "en",
    parameters: dict | None = None, provenance: dict | None = None, municipality_names: dict | None = None,
) -> list[Section]:
    """Build every section of the report: format ``result`` (nothing is read or recomputed here).

    Parameters
    ----------
    config : ReviewConfig
    result : SynthesisResult
        From :func:`review_tools.synthesis.synthesise` (it carries the artefacts it was computed
        from); the older call ``build_sections(config, artefacts, result, ...)`` is accepted too.
    language : str
        ``"en"`` or ``"fi"`` (labels and fixed text; the team's text as written).
    parameters : dict, optional
        The run's notebook parameters, printed in the provenance appendix.
    municipality_names : dict, optional
        Municipality code -> name in ``language`` (the social-reporting summaries show names beside codes).
    provenance : dict, optional
        From :func:`collect_provenance` (computed without input-file hashes when omitted).

    Returns
    -------
    list of Section
        In report order; the first carries the style sheet.

    Raises
    ------
    ConfigError
        For an unsupported language.
    """
    if isinstance(result, Artefacts) and args and isinstance(args[0], SynthesisResult):
        result = args[0]
    elif args:
        raise TypeError("build_sections(config, result, *, language=..., parameters=..., provenance=...)")
    check_language(language)
    ctx = ReportContext(config, result, language, dict(parameters or {}),
                        provenance if provenance is not None else collect_provenance(result.inputs.artefacts),
                        dict(municipality_names or {}))
    out = []
    for sid, build in SECTIONS:
        html = build(ctx)
        if not out:
            html = style() + html
        out.append(Section(sid, t(TITLE_KEYS[sid], language), html))
    return out


def display_sections(sections: list[Section]) -> None:
    """Display the sections as HTML outputs of the running notebook (one output per section)."""
    from IPython.display import HTML, display

    for s in sections:
        display(HTML(s.html))


def render_document(sections: list[Section], *, title: str, language: str = "en") -> str:
    """Assemble the sections into one standalone HTML page with a table of contents.

    Parameters
    ----------
    sections : list of Section
    title : str
        Page title (plain text).
    language : str
        ``lang`` attribute of the page.

    Returns
    -------
    str
        A complete, self-contained HTML document (no script, no external resource).
    """
    return document_page(sections, title=title, language=language, contents=t("contents", language))


def render_report(config: ReviewConfig, result: SynthesisResult, *, language: str = "en", parameters: dict | None = None,
                  provenance: dict | None = None, title: str | None = None) -> str:
    """Format ``result`` as one standalone HTML page (:func:`build_sections` + :func:`render_document`).

    ``title`` defaults to the protocol's title in ``language``.
    """
    sections = build_sections(config, result, language=language, parameters=parameters, provenance=provenance)
    return render_document(sections, title=title or config.protocol.title.get(language), language=language)


def render_welfare_page(config: ReviewConfig, result: SynthesisResult, *, language: str = "en",
                        parameters: dict | None = None, report_page: str = "../../report.html") -> str:
    """The welfare-report section and the follow-up on a standalone page (``07-synthesis/welfare_report.html``):
    the part a municipality or county lifts into its welfare report (hyvinvointikertomus). Its links to
    recommendations, indicators and themes go to ``report_page`` (relative to the page; "" keeps them local)."""
    check_language(language)
    ctx = ReportContext(config, result, language, dict(parameters or {}), {})
    sections = [Section("welfare-report", t("welfare", language), style() + welfare_report(ctx, report_page=report_page)),
                Section("follow-up", t("follow_up", language), follow_up(ctx, report_page=report_page))]
    return render_document(sections, title=f"{t('welfare', language)}: {result.region_name}, {result.period}",
                           language=language)


__all__ = ["Section", "ReportContext", "build_sections", "collect_provenance", "display_sections", "render_document",
           "render_report", "render_welfare_page", "follow_up_figure", "follow_up_alt"]
