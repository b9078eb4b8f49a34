"""``review-tools screen ...``: screening commands (simulation on a labelled set, exports)."""

from __future__ import annotations

import csv
import json
import os
import sys
import time
from pathlib import Path

from ..errors import StageInputError


def register(sub) -> None:
    """Add the ``screen`` command group."""
    p = sub.add_parser("screen", help="screening: simulate prioritised screening, export decisions")
    ssub = p.add_subparsers(dest="screen_command", metavar="SUBCOMMAND")
    sim = ssub.add_parser("simulate", help="simulate active-learning screening on a labelled set")
    sim.add_argument("data", help="labelled set: CSV with title, abstract, label_included (0/1)")
    sim.add_argument("--seed", type=int, default=1, help="seed of the priors and the model (default 1)")
    sim.add_argument("--priors", default=None,
                     help="0-based data rows used as prior knowledge, e.g. 12,93 (default: one included and "
                          "one excluded row picked with the seed)")
    sim.add_argument("--order-out", default=None, help="write the screening order (columns row,prior) to this CSV")
    sim.add_argument("--json", action="store_true", help="print the metrics and wall time as one JSON line")
    sim.set_defaults(func=run_simulate)
    exp = ssub.add_parser("export", help="export the event log, ASReview labels and included records")
    exp.add_argument("database", help="the review database (e.g. review/review.db)")
    exp.add_argument("out_dir", help="folder for events.csv, asreview_labels.csv, included.csv, included.ris")
    exp.add_argument("--review", default=None,
                     help="the review folder: its protocol's dual_screening decides when a decision is final "
                          "(without it, one reviewer's decision is final)")
    exp.set_defaults(func=run_export)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def _priors(text: str | None) -> list[int] | None:
    if text is None:
        return None
    try:
        rows = [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise StageInputError(f"--priors '{text}' is invalid; give 0-based data rows separated by commas, e.g. 12,93") from None
    return rows


def _one_blas_thread_env() -> None:
    """Ask BLAS for one thread when numpy is not loaded yet (the simulation's solves are small)."""
    if "numpy" not in sys.modules:
        for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(var, "1")


def run_simulate(args) -> int:
    """Run the simulation and print its metrics; returns the exit code.

    Uses the numpy engine of :func:`~review_tools.screening.simulate.simulate_rows` and the csv
    module: neither pandas nor scikit-learn is imported, so the process starts quickly.
    """
    start = time.perf_counter()
    _one_blas_thread_env()
    from ..screening.simulate import read_labelled_rows, simulate_rows

    texts, labels = read_labelled_rows(args.data)
    priors = _priors(args.priors)
    result = simulate_rows(texts, labels, priors=priors, random_state=args.seed)
    prior_set = set(result["priors"])
    if args.order_out:
        path = Path(args.order_out)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(["row", "prior"])
            w.writerows((r, int(r in prior_set)) for r in result["order"])
    out = dict(result["metrics"])
    out.update(
        tool="review-tools", dataset=Path(args.data).stem, seed=args.seed,
        prior_rows=[int(r) for r in result["order"] if r in prior_set],
        n_fits=result["n_fits"], simulation_s=result["wall_s"], wall_s=round(time.perf_counter() - start, 3),
        stopping=result["stopping"],
    )
    if args.json:
        print(json.dumps(out))
    else:
        for k, v in out.items():
            print(f"{k}: {v}")
    return 0


def run_export(args) -> int:
    """Write the exports of a review database to a folder."""
    from .. import db
    from ..screening import events, exports

    conn = db.connect(args.database, readonly=True)
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    recs = events.records_frame(conn)
    protocol = None
    if args.review:
        from ..config import load_review

        protocol = load_review(args.review).protocol
    state = events.screening_state(conn, protocol=protocol)
    events.events_frame(conn).to_csv(out / "events.csv", index=False)
    exports.asreview_labels(recs, state).to_csv(out / "asreview_labels.csv", index=False)
    included = exports.included_table(state, recs)
    included.to_csv(out / "included.csv", index=False)
    full = recs[recs["record_id"].isin(included["record_id"])]
    (out / "included.ris").write_text(exports.to_ris(full), encoding="utf-8")
    print(f"{out}: {len(included)} included records, {len(recs)} labelled records, event log", file=sys.stdout)
    return 0
