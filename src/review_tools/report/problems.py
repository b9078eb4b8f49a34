"""The synthesis's problems as sentences a researcher understands.

A :class:`~review_tools.synthesis.Problem` names its place in the review folder for the team
(``recommendations.yaml: recommendations[2] (id 'R3').monitoring[0]``) and says what is wrong in a developer's
words. The report shows neither file nor key path: :func:`reader_sentence` recognises each kind of problem the
synthesis reports and writes it from the report's catalogue, naming the recommendation, and the study, passage,
report, indicator or theme by what a reader knows them as. A problem of a kind not listed here is shown with its
file, key path and artefact names left out.
"""

from __future__ import annotations

import re

from .i18n import t
from .scope import region_label

__all__ = ["PATTERNS", "subject", "reader_sentence", "plain"]

#: (message pattern, catalogue key); the named groups are the sentence's fields.
PATTERNS: tuple[tuple[re.Pattern, str], ...] = tuple((re.compile(p), k) for p, k in (
    (r"^has no monitoring indicator", "warn_no_monitoring"),
    (r"^cites no evidence", "warn_no_evidence"),
    (r"^study '(?P<ref>[^']+)' is not among the included studies", "warn_study"),
    (r"^quote '(?P<ref>[^']+)' is not a segment id", "warn_quote"),
    (r"^report '(?P<ref>[^']+)' is not a report_id", "warn_report"),
    (r"^indicator '(?P<ref>[^']+)' is not in indicators", "warn_indicator_unknown"),
    (r"^indicator '(?P<ref>[^']+)' has no data for region", "warn_indicator_no_data"),
    (r"^theme '(?P<ref>[^']+)' is not in the codebook", "warn_theme_unknown"),
    (r"^theme '(?P<ref>[^']+)' has no evidence in any stream", "warn_theme_empty"),
    (r"^target (?P<target>\S+) for '(?P<ref>[^']+)' is not better than the baseline (?P<baseline>\S+)", "warn_target"),
    (r"^codes not in the codebook were left out: (?P<ref>.+)$", "warn_unknown_codes"),
))


def subject(where: str) -> str:
    """The recommendation a problem's place names (its id), or ``""``."""
    m = re.search(r"\(id '([^']+)'\)", where) or re.match(r"draft (\S+?)(?:\.(?:evidence|monitoring)\[|$)", where)
    return m.group(1) if m else ""


def plain(text: str) -> str:
    """``text`` without file names of the review folder, key paths (``x[0]``, ``a.b``) and artefact paths."""
    text = re.sub(r"\s*\([^()]*(?:\.ya?ml|\.csv|\.json)[^()]*\)", "", str(text))
    text = re.sub(r"\b[\w-]+\.(?:ya?ml|csv|json)\b:?\s*", "", text)
    text = re.sub(r"\b[A-Za-z_][\w-]*(?:\.[\w-]+)*\[\d+\]", "", text)
    return " ".join(text.split()).strip(" :;,")


def _name(ctx, key: str, ref: str) -> str:
    if key.startswith("warn_indicator") or key == "warn_target":
        return ctx.indicator_title(ref)
    if key.startswith("warn_theme"):
        return f"{ref} {ctx.code_label(ref)}"
    if key == "warn_unknown_codes":
        return ref
    return ref


def reader_sentence(problem, ctx) -> str:
    """One problem as a sentence in the report's language."""
    lang = ctx.language
    rec = subject(problem.where)
    who = t("warn_rec", lang, rec=rec) if rec else t("warn_review", lang)
    monitoring = ".monitoring[" in problem.where
    for rx, key in PATTERNS:
        m = rx.match(problem.message)
        if not m:
            continue
        fields = m.groupdict()
        if "ref" in fields:
            fields["ref"] = _name(ctx, key, fields["ref"])
        if key == "warn_indicator_no_data" and monitoring:
            key = "warn_monitoring_no_data"
        return t(key, lang, who=who, region=region_label(ctx), period=ctx.result.period, **fields)
    return f"{who}: {plain(problem.message)}"
