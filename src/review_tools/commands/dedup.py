"""``review-tools dedup run|evaluate``: deduplicate exports, or measure deduplication on a labelled set."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd

from ..dedup import deduplicate, evaluate, labelled_to_records
from ..errors import CorpusFormatError
from ..ingest import RECORD_COLUMNS, ingest_files
from ..readers.labelled_sets import read_truth
from .ingest import print_file_report


def register(sub) -> None:
    """Add ``dedup run`` and ``dedup evaluate``."""
    p = sub.add_parser("dedup", help="find and merge duplicate records")
    dsub = p.add_subparsers(dest="dedup_command", metavar="ACTION")
    r = dsub.add_parser("run", help="read exports, deduplicate, write deduped.csv and groups.csv")
    r.add_argument("files", nargs="+", help="export files (RIS, BibTeX, MEDLINE, WoS, CSV, XLSX)")
    r.add_argument("--out", required=True, help="deduplicated records (one row per unique work)")
    r.add_argument("--groups-out", default=None, help="duplicate groups: merged_ids (';'), tier")
    r.add_argument("--queue-out", default=None, help="review queue of uncertain pairs")
    r.add_argument("--records-out", default=None, help="all records read (records.csv schema)")
    r.add_argument("--source-ids", default=None, help="comma-separated source id per file")
    r.set_defaults(func=run)
    e = dsub.add_parser("evaluate", help="pairwise precision/recall/F1 on a labelled set")
    e.add_argument("records", help="records CSV in the bib-dedupe benchmark format (ID, title, author, ...)")
    e.add_argument("groups", help="true groups CSV (column merged_ids)")
    e.add_argument("--json", action="store_true", help="print one JSON line")
    e.set_defaults(func=run_evaluate)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def run(args) -> int:
    """``dedup run``."""
    ids = [s.strip() for s in args.source_ids.split(",")] if args.source_ids else None
    ing = ingest_files(args.files, source_ids=ids)
    print_file_report(ing.files)
    res = deduplicate(ing.records)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    cols = [*RECORD_COLUMNS, "merged_ids", "sources", "n_sources"]
    res.deduped[[c for c in cols if c in res.deduped]].to_csv(out, index=False, encoding="utf-8")
    groups = res.duplicate_groups()
    if args.groups_out:
        groups.to_csv(args.groups_out, index=False, encoding="utf-8")
    if args.queue_out:
        res.review_queue.to_csv(args.queue_out, index=False, encoding="utf-8")
    if args.records_out:
        ing.records[[*RECORD_COLUMNS, "original_fields"]].to_csv(args.records_out, index=False, encoding="utf-8")
    n = len(ing.records)
    print(f"{n} records -> {len(res.deduped)} unique ({n - len(res.deduped)} duplicates removed in "
          f"{len(groups)} groups: {int((groups['tier'] == 'certain').sum())} certain, "
          f"{int((groups['tier'] == 'probable').sum())} probable); {len(res.review_queue)} pairs to review")
    return 0


def run_evaluate(args) -> int:
    """``dedup evaluate``."""
    for path in (args.records, args.groups):
        if not Path(path).exists():
            raise CorpusFormatError(path, "file not found")
    raw = pd.read_csv(args.records, dtype=str, keep_default_na=False)
    metrics, _ = evaluate(labelled_to_records(raw), read_truth(args.groups))
    if args.json:
        print(json.dumps(metrics))
        return 0
    w = sys.stdout.write
    w(f"records {metrics['n_records']}, unique after dedup {metrics['n_unique']}\n")
    w(f"pairwise precision {metrics['precision']:.4f}  recall {metrics['recall']:.4f}  F1 {metrics['f1']:.4f}\n")
    w(f"TP {metrics['TP']}  FP {metrics['FP']}  FN {metrics['FN']}  review-queue pairs {metrics['review_pairs']}\n")
    w(f"wall time {metrics['wall_s']:.2f} s\n")
    return 0
