"""``review-tools ingest FILE... --out records.csv``: read literature exports into one record table."""

from __future__ import annotations

import sys
from pathlib import Path

from ..ingest import RECORD_COLUMNS, ingest_files


def register(sub) -> None:
    """Add the ``ingest`` command."""
    p = sub.add_parser("ingest", help="read RIS/BibTeX/MEDLINE/WoS/CSV/XLSX exports into one records.csv")
    p.add_argument("files", nargs="+", help="export files")
    p.add_argument("--out", required=True, help="output CSV (the records.csv schema)")
    p.add_argument("--source-ids", default=None,
                   help="comma-separated source id per file (default: file names)")
    p.add_argument("--no-original", action="store_true", help="leave out the original_fields JSON column")
    p.set_defaults(func=run)


def _source_ids(args) -> list[str] | None:
    if not args.source_ids:
        return None
    ids = [s.strip() for s in args.source_ids.split(",")]
    if len(ids) != len(args.files):
        raise SystemExit(f"--source-ids has {len(ids)} ids for {len(args.files)} files; give one per file")
    return ids


def print_file_report(files, out=sys.stdout) -> None:
    """Print one line per file: records read, skipped, format and encoding."""
    for r in files.to_dict(orient="records"):
        print(f"{r['file']}: {r['records']} records, {r['skipped']} skipped "
              f"({r['format']}, {r['encoding']}, {r['markers']} record markers)", file=out)
        if r["notes"]:
            print(f"    note: {r['notes'][:300]}", file=out)


def run(args) -> int:
    """Read the files, write the table, print counts per file."""
    result = ingest_files(args.files, source_ids=_source_ids(args), progress=False)
    cols = RECORD_COLUMNS if args.no_original else [*RECORD_COLUMNS, "original_fields"]
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    result.records[cols].to_csv(args.out, index=False, encoding="utf-8")
    print_file_report(result.files)
    print(f"total: {len(result.records)} records, {len(result.skipped)} skipped -> {args.out}")
    return 0
