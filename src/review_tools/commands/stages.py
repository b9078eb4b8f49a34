"""``review-tools stages [--markdown]``: the registered stages and the artefacts each reads and writes."""

from __future__ import annotations

__all__ = ["register", "markdown_table"]


def register(sub) -> None:
    p = sub.add_parser("stages", help="list the stages, and what each reads and writes",
                       description="Print the stages of review_tools.pipeline.STAGES; with --markdown, the "
                       "artefact table of docs/architecture.md.")
    p.add_argument("--markdown", action="store_true", help="print the artefact table of docs/architecture.md")
    p.set_defaults(func=run)


def markdown_table() -> str:
    """The stage and artefact table of ``docs/architecture.md``, generated from :data:`~review_tools.pipeline.STAGES`."""
    from ..pipeline import STAGES

    lines = ["| stage | region-dependent | reads | writes | columns / content |", "|---|---|---|---|---|"]
    for s in STAGES:
        reads = "<br>".join(f"`{r}`" for r in s.reads) or "the corpus only"
        for i, a in enumerate(s.writes):
            cols = ", ".join(a.columns) + (", ..." if a.open_columns else "")
            note = "; ".join(x for x in (a.description, "" if a.required else "optional") if x)
            content = " ".join(x for x in (f"`{cols}`" if cols else "", f"({note})" if cols and note else note) if x)
            folder = f" (folder `{s.artefact_dir}`)" if s.artefact_dir != s.id else ""
            head = (f"{s.id}{folder}", "yes" if s.region_dependent else "no", reads) if i == 0 else ("", "", "")
            lines.append(f"| {' | '.join(head)} | `{a.name}` | {content} |")
    return "\n".join(lines) + "\n"


def run(args) -> int:
    """Print the stages (or the markdown table)."""
    from ..pipeline import STAGES

    if args.markdown:
        print(markdown_table(), end="")
        return 0
    for s in STAGES:
        kind = "per region" if s.region_dependent else "once per batch"
        print(f"{s.id:22} {kind:15} reads {len(s.reads):2}, writes {len(s.writes):2}  {s.notebook}  {s.module}")
    return 0
