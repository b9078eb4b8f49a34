"""``review-tools pseudonymise FILE... --out-dir DIR --key KEY.json [--names NAMES.txt]``."""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

from ..errors import CorpusFormatError, ReviewToolsWarning


def register(sub) -> None:
    """Add the ``pseudonymise`` command."""
    p = sub.add_parser(
        "pseudonymise",
        help="pseudonymise interview transcripts (txt, docx, vtt, srt) into a folder, keeping the key apart",
        description="Read transcripts, replace names, e-mail addresses, phone numbers, henkilötunnus codes, "
        "street addresses and listed organisations with consistent pseudonyms, and write 'Speaker: text' "
        ".txt files to --out-dir. The key (original -> pseudonym) goes to --key, which must not be under outputs/.",
    )
    p.add_argument("files", nargs="+", help="transcript files or folders")
    p.add_argument("--out-dir", required=True, help="folder for the pseudonymised transcripts")
    p.add_argument("--key", required=True, help="pseudonym key JSON (created or extended), e.g. review/keys/pseudonyms.json")
    p.add_argument("--names", default=None, help="text file of extra person names, one per line")
    p.add_argument("--mask-terms", default=None, help="text file of organisations or places to mask, one per line")
    p.add_argument("--informants", default=None, help="informants.yaml whose names and speaker labels to mask")
    p.add_argument("--seed", type=int, default=None, help="draw pseudonym numbers at random with this seed")
    p.set_defaults(func=run)


def _lines(path: str | None) -> list[str]:
    from ..pseudonymise import read_list_file

    return read_list_file(path, required=True) if path else []


def _informants(path: str | None):
    """The informants file validated by :func:`review_tools.config.load_file` (None without one)."""
    if not path:
        return None
    from ..config import load_file

    return load_file(path, "informants")


def run(args) -> int:
    """Pseudonymise the files; print counts per category; exit 1 if any file could not be read."""
    from ..pseudonymise import Pseudonymiser, pseudonymise_segments
    from ..readers.transcripts import read_transcripts

    out_dir = Path(args.out_dir)
    pseudonymiser = Pseudonymiser(
        key_path=args.key, names=_lines(args.names), informants=_informants(args.informants),
        mask_terms=_lines(args.mask_terms), random_state=args.seed,
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ReviewToolsWarning)
        segments, summary = read_transcripts(args.files, on_error="warn")
    for w in caught:
        print(f"warning: {w.message}", file=sys.stderr)
    inputs = {Path(f).resolve() for f in segments.get("source_file", [])}
    pseudo, counts = pseudonymise_segments(segments, pseudonymiser)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = 0
    for doc, rows in pseudo.groupby("document_id", sort=False):
        target = out_dir / f"{doc}.txt"
        if target.resolve() in inputs:
            raise CorpusFormatError(target, "refusing to overwrite an input transcript; choose another --out-dir")
        lines = [f"{sp}: {tx}" if sp else tx for sp, tx in zip(rows["speaker"], rows["text"], strict=True)]
        target.write_text("\n".join(lines) + "\n", encoding="utf-8")
        written += 1
    key = pseudonymiser.save_key()
    report = {"files": summary["files"], "written": written, "failed": summary["failed"], "counts": counts,
              "key": str(key)}
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 1 if summary["failed"] else 0
