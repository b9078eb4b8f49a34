"""``review-tools validate [REVIEW_DIR]``: check a review's configuration."""

from __future__ import annotations

import sys

from ..config import load_review


def register(sub) -> None:
    """Add the ``validate`` command."""
    p = sub.add_parser("validate", help="check the review configuration and list every problem")
    p.add_argument("review_dir", nargs="?", default="review", help="review folder (default: review)")
    p.add_argument("--corpus", default=None, help="corpus folder; when given, files named in the config must exist")
    p.add_argument("--language", action="append", choices=("fi", "sv", "en"), default=None,
                   help="warn about texts without this language (repeatable; default: fi, sv and en)")
    p.set_defaults(func=run)


def run(args) -> int:
    """Validate and print the result; a ConfigError exits with code 2 in cli.main."""
    cfg = load_review(args.review_dir, corpus_dir=args.corpus)
    n_codes = len(cfg.codebook.codes)
    n_ind = len(cfg.indicators.indicators)
    n_rec = len(cfg.recommendations.recommendations)
    print(
        f"{args.review_dir}: valid ({n_codes} codes, {n_ind} indicators, {n_rec} recommendations, "
        f"{len(cfg.protocol.sources)} sources, {len(cfg.protocol.reviewers)} reviewers)",
        file=sys.stdout,
    )
    missing = cfg.missing_translations(args.language or ("fi", "sv", "en"))
    for message in missing:
        print(f"warning: {message}", file=sys.stdout)
    if missing:
        print(f"{len(missing)} text(s) without a translation: a report in that language shows them in another",
              file=sys.stdout)
    return 0
