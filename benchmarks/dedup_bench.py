"""Deduplication benchmark: review-tools vs bib-dedupe, in the same run, on the same data.

    .venv/bin/python benchmarks/dedup_bench.py [--sets cytology_screening,...,asysd,youth_doi]
        [--scale 100000] [--peer-scale 20000] [--no-peer] [--no-loso] [--order-runs 3]

1. Every labelled set (benchmarks/dedup_bench_sets.py): the four sets of ../shared/data/dedup/ in bib-dedupe's
   format (pairwise precision, recall, F1, TP/FP/FN), ASySD's labelled test set (per-record labels: record-level
   "remove as duplicate" agreement, review_tools.dedup.removal_metrics), and `youth_doi`, built from the
   9-database youth-homelessness exports with DOI equality as the labelling rule and scored on title/author/
   year-only copies (see dedup_bench_sets.py). Ours (CLI `dedup evaluate` in a fresh process; ASySD in-process)
   beside bib-dedupe (../shared/bench/bibdedupe_peer.sh: default pipeline, "maybe" pairs counted as
   non-duplicates), per set, then the mean and the worst set of each tool.
2. Missed labelled pairs by category (review_tools.dedup.explain_missed): erratum / reply-comment /
   conference-vs-journal / different report are pairs the labels group although the duplicate definition
   (Rathbone 2015) does not; "recall (definition)" = TP / (TP + genuinely missed).
3. Leave-one-set-out: the tunable thresholds (title_probable, title_certain; dedup_bench_sets.GRID) are chosen
   on all sets but one (highest minimum precision, then mean F1) and the held-out set is scored with them.
4. Order independence: every set deduplicated in 3 shuffled and re-keyed copies; groups compared as sets of
   record contents with the original order's, and F1 through the id mapping.
5. Scale: make_dedup_scale_set.py sizes (seed 13); wall time and peak memory of a fresh process.
Prints tables and saves benchmarks/out/dedup_bench.{png,json}. Not run by `make test`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = SHARED / "data" / "dedup"
PEER = SHARED / "bench" / "bibdedupe_peer.sh"
SCALE = SHARED / "bench" / "make_dedup_scale_set.py"
SETS = ["cytology_screening", "haematology", "respiratory", "special_cases"]
PY = sys.executable


def _time_v(cmd: list[str], timeout: float | None = None) -> tuple[str, dict]:
    """Run ``cmd`` under /usr/bin/time -v; return stdout and wall/maxrss."""
    with tempfile.NamedTemporaryFile(suffix=".txt", delete=False) as tf:
        tv = tf.name
    try:
        proc = subprocess.run(["/usr/bin/time", "-v", "-o", tv, *cmd], capture_output=True, text=True,
                              timeout=timeout)
        text = Path(tv).read_text()
    finally:
        os.unlink(tv)
    out = {}
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", text)
    if m:
        secs = 0.0
        for part in m.group(1).split(":"):
            secs = secs * 60 + float(part)
        out["process_wall_s"] = round(secs, 2)
    cpu = [float(x) for x in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", text)]
    if cpu:
        out["process_cpu_s"] = round(sum(cpu), 2)
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    if m:
        out["peak_mib"] = round(int(m.group(1)) / 1024, 1)
    if proc.returncode != 0:
        out["error"] = proc.stderr[-800:]
    return proc.stdout, out


def ours(records: Path, groups: Path) -> dict:
    """Our deduplication in a fresh process (CLI `dedup evaluate --json`)."""
    stdout, t = _time_v([str(ROOT / ".venv" / "bin" / "review-tools"), "dedup", "evaluate", str(records),
                         str(groups), "--json"])
    line = [ln for ln in stdout.splitlines() if ln.startswith("{")]
    res = json.loads(line[-1]) if line else {}
    res.update(t)
    return res


def peer(records: Path, groups: Path, timeout: float | None = None) -> dict:
    """bib-dedupe through the shared peer script (prints one JSON line)."""
    try:
        proc = subprocess.run(["bash", str(PEER), str(records), str(groups)], capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"did not finish in {timeout:.0f} s"}
    line = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if not line:
        return {"error": proc.stderr[-500:]}
    r = json.loads(line[-1])
    return {"TP": r.get("TP"), "FP": r.get("FP"), "FN": r.get("FN"), "precision": r.get("precision"),
            "recall": r.get("recall"), "f1": r.get("f1"), "maybe_pairs": r.get("maybe_pairs_cluster_level"),
            "wall_s": r.get("time_v_wall_s", r.get("wall_inproc_s")), "peak_mib": r.get("time_v_maxrss_mib")}


ASYSD = DATA / "asysd" / "labelled_test_set.csv"
ASYSD_EXPECTED_UNIQUE = 586


def asysd(run_peer: bool, timeout: float | None = None) -> dict:
    """ASySD's labelled test set: our unique count and record-level agreement; the peer's if it runs."""
    import pandas as pd

    from review_tools.dedup import deduplicate, removal_metrics
    from review_tools.ingest import ingest_files

    ing = ingest_files([ASYSD], source_ids=["asysd"])
    recs = ing.records
    raw = pd.read_csv(ASYSD, dtype=str, keep_default_na=False, encoding=ing.files["encoding"].iloc[0])
    if len(raw) != len(recs) or list(raw["record_id"]) != list(recs["record_id"]):
        return {"error": "ingest changed the records or their ids; cannot line the labels up"}
    trash = raw.loc[raw["label"] == "Duplicate_in_trash", "record_id"]
    # the `source` column (unique / duplicate) read as a second per-record flag: our reading, not documented
    flagged = raw.loc[raw["source"] == "duplicate", "record_id"]
    res = deduplicate(recs)
    groups = [ids.split(";") for ids in res.duplicate_groups()["merged_ids"]]
    out = {"n_records": len(recs), "labelled_kept": int((raw["label"] == "In_database").sum()),
           "source_unique": int((raw["source"] == "unique").sum()), "expected_unique": ASYSD_EXPECTED_UNIQUE,
           "ours": removal_metrics(groups, recs["record_id"], trash),
           "ours_source": removal_metrics(groups, recs["record_id"], flagged), "peer": {}, "peer_source": {}}
    if not run_peer:
        return out
    with tempfile.TemporaryDirectory(prefix="asysd_peer_") as td:
        peer_recs = raw.rename(columns={"record_id": "ID", "number": "number"}).assign(ENTRYTYPE="article")
        peer_recs = peer_recs[["ID", "ENTRYTYPE", "title", "author", "year", "journal", "volume", "number",
                               "pages", "doi", "abstract"]]
        rp, gp, pp = Path(td) / "records.csv", Path(td) / "groups.csv", Path(td) / "pred.csv"
        peer_recs.to_csv(rp, index=False)
        gp.write_text("merged_ids\n")
        try:
            proc = subprocess.run(["bash", str(PEER), str(rp), str(gp), "--pred-out", str(pp)],
                                  capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            out["peer"] = {"error": f"did not finish in {timeout:.0f} s"}
            return out
        if not pp.exists():
            out["peer"] = {"error": "the peer wrote no predicted groups: " + proc.stderr[-300:]}
            return out
        pred = [g.split(";") for g in pd.read_csv(pp, dtype=str)["merged_ids"]]
        out["peer"] = removal_metrics(pred, raw["record_id"], trash)
        out["peer_source"] = removal_metrics(pred, raw["record_id"], flagged)
    return out


def fmt(v, nd=4):
    if v is None:
        return "-"
    return f"{v:.{nd}f}" if isinstance(v, float) else str(v)


def figure(rows, scale_rows):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4))
    names = [r["set"] for r in rows]
    x = range(len(names))
    a.bar([i - 0.2 for i in x], [r["ours"].get("f1") or 0 for r in rows], 0.4, label="review-tools")
    a.bar([i + 0.2 for i in x], [r["peer"].get("f1") or 0 for r in rows], 0.4, label="bib-dedupe")
    a.set_xticks(list(x), names, rotation=15)
    a.set_ylim(0, 1.05)
    a.set_ylabel("pairwise F1")
    a.legend()
    if scale_rows:
        b.plot([r["n"] for r in scale_rows], [r["ours"].get("process_wall_s") or 0 for r in scale_rows], "o-",
               label="review-tools")
        pts = [(r["n"], r["peer"].get("wall_s")) for r in scale_rows if r["peer"].get("wall_s")]
        if pts:
            b.plot(*zip(*pts, strict=True), "s--", label="bib-dedupe")
        b.set_xlabel("records")
        b.set_ylabel("wall time (s)")
        b.legend()
    fig.tight_layout()
    return fig


def _row(tool: str, name: str, m: dict, extra: str = "") -> str:
    if not m or "error" in m:
        return f"| {name} | {tool} | {(m or {}).get('error', 'not run')[:100]} |||||||| {extra} |"
    return (f"| {name} | {tool} | {fmt(m.get('precision'))} | {fmt(m.get('recall'))} | {fmt(m.get('f1'))} | {m.get('TP')} | "
            f"{m.get('FP')} | {m.get('FN')} | {extra} | {fmt(m.get('wall_s'), 2)} |")


def summary(rows: list[dict], key: str) -> dict:
    """Mean precision/recall/F1 over the sets and the worst set (lowest F1) of one tool."""
    ok = [(r["set"], r[key]) for r in rows if r[key] and "error" not in r[key] and r[key].get("f1") is not None]
    if not ok:
        return {}
    worst = min(ok, key=lambda x: (x[1]["f1"], x[1]["precision"]))
    mean = {m: sum(v[m] for _, v in ok) / len(ok) for m in ("precision", "recall", "f1")}
    return {"n_sets": len(ok), "mean": mean, "worst_set": worst[0], "worst": {m: worst[1][m] for m in mean},
            "min_precision": min(v["precision"] for _, v in ok)}


def main() -> int:
    import dedup_bench_sets as sets_mod

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", default=",".join([*SETS, "asysd", "youth_doi"]))
    ap.add_argument("--scale", default="20000,50000,100000")
    ap.add_argument("--peer-scale", default="20000", help="scale sizes on which to run the peer too")
    ap.add_argument("--peer-timeout", type=float, default=900)
    ap.add_argument("--no-peer", action="store_true")
    ap.add_argument("--no-loso", action="store_true", help="skip the leave-one-set-out selection")
    ap.add_argument("--order-runs", type=int, default=3, help="shuffled and re-keyed copies per set (0: skip)")
    args = ap.parse_args()
    if not DATA.is_dir():
        print(f"shared data not found at {DATA}")
        return 2
    names = [s for s in args.sets.split(",") if s]
    tmp = tempfile.TemporaryDirectory(prefix="dedup_bench_")
    labelled = sets_mod.load_all(Path(tmp.name), names)
    rows = []
    for ls in labelled:
        row = {"set": ls.name, "note": ls.note, "level": "record" if ls.truth is None else "pairwise"}
        if ls.name == "asysd":
            asy = asysd(run_peer=not args.no_peer, timeout=args.peer_timeout)
            row["ours"], row["peer"], row["asysd"] = asy.get("ours_source", {}), asy.get("peer_source", {}), asy
        else:
            rec, grp = ls.files["records"], ls.files["groups"]
            row["ours"] = ours(rec, grp)
            row["peer"] = {} if args.no_peer else peer(rec, grp, timeout=args.peer_timeout)
        rows.append(row)

    print("\n## Labelled sets, per set (bib-dedupe 'maybe' pairs counted as non-duplicates)\n")
    print("Pairwise metrics; asysd record-level (per-record labels). youth_doi: built, label = same DOI,\n"
          "scored on title/author/year-only copies.\n")
    print("| dataset | tool | precision | recall | F1 | TP | FP | FN | left for review | wall s |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(_row("review-tools", r["set"], r["ours"], f"{r['ours'].get('review_pairs', '-')} pairs"))
        if r["peer"]:
            print(_row("bib-dedupe", r["set"], r["peer"], f"{r['peer'].get('maybe_pairs', '-')} maybe"))
    for r in rows:
        if "asysd" in r:
            a = r["asysd"]
            print(f"\nasysd: truth = `source == duplicate` ({a.get('source_unique')} unique; ASySD's own test expects "
                  f"{a.get('expected_unique')}); ours leaves {r['ours'].get('n_unique')} unique. With the `label` "
                  f"column instead ({a.get('labelled_kept')} kept as In_database): review-tools precision "
                  f"{fmt((a.get('ours') or {}).get('precision'))} recall {fmt((a.get('ours') or {}).get('recall'))}, "
                  f"bib-dedupe precision {fmt((a.get('peer') or {}).get('precision'))} "
                  f"recall {fmt((a.get('peer') or {}).get('recall'))}.")
    summ = {"ours": summary(rows, "ours"), "peer": summary(rows, "peer")}
    print("\n## Mean and worst set\n")
    print("| tool | sets | mean precision | mean recall | mean F1 | lowest precision | worst set (F1) | "
          "its precision | its recall | its F1 |")
    print("|---|---:|---:|---:|---:|---:|---|---:|---:|---:|")
    for tool, key in (("review-tools", "ours"), ("bib-dedupe", "peer")):
        s = summ[key]
        if s:
            print(f"| {tool} | {s['n_sets']} | {fmt(s['mean']['precision'])} | {fmt(s['mean']['recall'])} | "
                  f"{fmt(s['mean']['f1'])} | {fmt(s['min_precision'])} | {s['worst_set']} | "
                  f"{fmt(s['worst']['precision'])} | {fmt(s['worst']['recall'])} | {fmt(s['worst']['f1'])} |")

    print("\n## Missed labelled pairs by category (review-tools; review_tools.dedup.explain_missed)\n")
    print("The first four categories are pairs the labels group although the duplicate definition does not;\n"
          "'recall (definition)' = TP / (TP + genuinely missed).\n")
    cats = ("erratum", "reply-comment", "conference-vs-journal", "different report", "genuinely missed")
    print(f"| dataset | missed | {' | '.join(cats)} | recall | recall (definition) |")
    print("|---|---:|" + "---:|" * (len(cats) + 2))
    from review_tools.dedup import deduplicate

    for r, ls in zip(rows, labelled, strict=True):
        if ls.truth is None:
            continue
        d = r["missed"] = sets_mod.definition_recall(ls, deduplicate(ls.records))
        print(f"| {r['set']} | {d['missed']} | " + " | ".join(str(d["categories"].get(c, 0)) for c in cats)
              + f" | {fmt(r['ours'].get('recall'))} | {fmt(d['recall_definition'])} |")
    with_def = [r for r in rows if r.get("missed")]
    if with_def:
        worst = min(with_def, key=lambda r: r["missed"]["recall_definition"])
        mean = sum(r["missed"]["recall_definition"] for r in with_def) / len(with_def)
        print(f"\nrecall (definition): mean {mean:.4f}, worst set {worst['set']} "
              f"{worst['missed']['recall_definition']:.4f}")
        print("\nLabel disagreements (missed pairs the definition does not call duplicates), first 8 per set:\n")
        for r in with_def:
            for p in [p for p in r["missed"]["pairs"] if p["contradicts_definition"]][:8]:
                print(f"- {r['set']}: {p['id_a']} / {p['id_b']}: {p['category']} ({p['detail']})")

    print("\n## Merges the labels disagree with (review-tools; every one, both records shown)\n")
    n_false = 0
    for ls in labelled:
        for fm in sets_mod.false_merges(ls, deduplicate(ls.records)):
            n_false += 1
            print(f"- {ls.name}: {fm['ids']}\n  - {fm['a']}\n  - {fm['b']}")
    if not n_false:
        print("none")

    loso = {}
    if not args.no_loso:
        loso = sets_mod.leave_one_set_out(labelled)
        print("\n## Leave-one-set-out (thresholds chosen without the held-out set)\n")
        print("| held-out set | chosen title_probable | chosen title_certain | precision | recall | F1 | "
              "F1 with defaults |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for name, o in loso.items():
            h = o["held_out"]
            print(f"| {name} | {o['chosen']['title_probable']:.0f} | {o['chosen']['title_certain']:.0f} | "
                  f"{fmt(h['precision'])} | {fmt(h['recall'])} | {fmt(h['f1'])} | {fmt(o['default_on_set']['f1'])} |")
        held = [o["held_out"] for o in loso.values()]
        w = min(loso.items(), key=lambda x: x[1]["held_out"]["f1"])
        print(f"\nheld-out mean: precision {sum(h['precision'] for h in held) / len(held):.4f}, recall "
              f"{sum(h['recall'] for h in held) / len(held):.4f}, F1 {sum(h['f1'] for h in held) / len(held):.4f}; "
              f"worst set {w[0]} (F1 {w[1]['held_out']['f1']:.4f}, precision {w[1]['held_out']['precision']:.4f})")

    order = {}
    if args.order_runs > 0:
        print(f"\n## Order independence ({args.order_runs} shuffled and re-keyed copies per set)\n")
        print("| dataset | identical groups | F1 original | F1 min | F1 max |")
        print("|---|---:|---:|---:|---:|")
        for ls in labelled:
            o = order[ls.name] = sets_mod.order_check(ls, runs=args.order_runs)
            print(f"| {ls.name} | {o['identical']}/{o['runs']} | {fmt(o['f1_original'])} | {fmt(o['f1_min'])} | "
                  f"{fmt(o['f1_max'])} |")

    scale_rows = []
    sizes = [int(s) for s in args.scale.split(",") if s]
    peer_sizes = {int(s) for s in args.peer_scale.split(",") if s}
    with tempfile.TemporaryDirectory(prefix="dedup_scale_") as td:
        for n in sizes:
            subprocess.run([PY, str(SCALE), "--n", str(n), "--seed", "13", "--out-dir", td], check=True,
                           capture_output=True)
            rec, grp = Path(td) / f"scale_{n}.records.csv", Path(td) / f"scale_{n}.groups.csv"
            o = ours(rec, grp)
            p = peer(rec, grp, timeout=args.peer_timeout) if (n in peer_sizes and not args.no_peer) else {}
            scale_rows.append({"n": n, "ours": o, "peer": p})
    if scale_rows:
        print("\n## Scale (make_dedup_scale_set.py --seed 13; time and peak memory of the whole process)\n")
        print("dedup s / CPU s: wall and CPU time (all threads) of the deduplication itself; process: the whole\n"
              "CLI process, from /usr/bin/time -v. Wall times depend on the machine's load (shared cores).\n")
        print("| records | tool | precision | recall | F1 | dedup s | dedup CPU s | process wall s | process CPU s | "
              "peak MiB |")
        print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in scale_rows:
            o, p = r["ours"], r["peer"]
            print(f"| {r['n']} | review-tools | {fmt(o.get('precision'))} | {fmt(o.get('recall'))} | {fmt(o.get('f1'))} | "
                  f"{fmt(o.get('wall_s'), 1)} | {fmt(o.get('cpu_s'), 1)} | {fmt(o.get('process_wall_s'), 1)} | "
                  f"{fmt(o.get('process_cpu_s'), 1)} | {fmt(o.get('peak_mib'), 0)} |")
            if p:
                print(f"| {r['n']} | bib-dedupe | {fmt(p.get('precision'))} | {fmt(p.get('recall'))} | {fmt(p.get('f1'))} | "
                      f"- | - | {fmt(p.get('wall_s'), 1)} | - | {fmt(p.get('peak_mib'), 0)} | {p.get('error', '')}")
    tmp.cleanup()
    out = ROOT / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    figure(rows, scale_rows).savefig(out / "dedup_bench.png", dpi=110)
    (out / "dedup_bench.json").write_text(json.dumps({"sets": rows, "summary": summ, "loso": loso, "order": order,
                                                      "scale": scale_rows}, indent=2, default=str))
    print(f"\nfigure: {out / 'dedup_bench.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
