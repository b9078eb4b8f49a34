"""How often the context rules of the pseudonymiser flag a word that is not a person's name.

Runs :func:`review_tools._identifiers.context_name_spans` (the rules for names outside every list:
cue words, -nen surname shape, capitalised pairs mid-sentence, first name + initial) over the
shared transcripts (ParlaMint FI/SE speeches, QMSum committee meetings, World After Covid
interviews), one document at a time with the document's lowercase vocabulary and the region key's
municipalities as exclusions, as the pseudonymiser does. Prints every distinct flagged span with
its rule and document count; ``--labels FILE`` reads a hand-made judgement (``span<TAB>name|other``)
and prints the false-positive rate (flagged spans that are not person names / all flagged spans).

Usage: python benchmarks/pseudonymise_context.py [--labels benchmarks/pseudonymise_context_labels.tsv]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path

from review_tools._identifiers import context_name_spans
from review_tools._pseudonymise_tables import lowercase_vocabulary, region_places
from review_tools.pseudonymise import Pseudonymiser

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "transcripts"
ROOT = Path(__file__).resolve().parents[1]


def documents() -> dict[str, str]:
    docs: dict[str, str] = {}
    for f in sorted((SHARED / "parlamint_fi_se_samples").glob("*.txt")):
        docs[f.name] = "\n".join(line.split("\t", 1)[-1] for line in f.read_text(encoding="utf-8").splitlines())
    for f in sorted((SHARED / "qmsum_committee" / "all").glob("*.json")):
        data = json.loads(f.read_text(encoding="utf-8"))
        turns = data.get("meeting_transcripts", [])
        docs[f.name] = "\n".join(t.get("content", "") for t in turns)
    wac = SHARED / "wac_world_after_covid" / "transcripts.csv"
    if wac.exists():
        csv.field_size_limit(10**8)
        with wac.open(encoding="utf-8", newline="") as fh:
            for i, row in enumerate(csv.DictReader(fh)):
                docs[f"wac-{i}"] = "\n".join(row.get(f"Q{k}", "") for k in range(1, 6))
    return docs


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labels", default=None, help="TSV: span<TAB>name|other")
    args = ap.parse_args(argv)
    p = Pseudonymiser(places=region_places(ROOT / "corpus"))
    p._ensure()
    flagged: Counter = Counter()
    words = 0
    docs = documents()
    for text in docs.values():
        vocab = lowercase_vocabulary([text])
        words += len(text.split())
        for _s, _e, tok in context_name_spans(text, is_excluded=p._is_place, lowercase_vocabulary=vocab):
            flagged[tok] += 1
    print(f"{len(docs)} documents, {words:,} words; {sum(flagged.values())} spans flagged by context "
          f"({len(flagged)} distinct)")
    if args.labels:
        labels = {}
        for line in Path(args.labels).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                span, label = line.rsplit("\t", 1)
                labels[span] = label.strip()
        unlabelled = [s for s in flagged if s not in labels]
        fp = sum(n for s, n in flagged.items() if labels.get(s) == "other")
        tp = sum(n for s, n in flagged.items() if labels.get(s) == "name")
        print(f"false positives {fp} of {fp + tp} labelled flagged spans = {fp / max(1, fp + tp):.1%}; "
              f"per 1,000 words {1000 * fp / max(1, words):.2f}; unlabelled {len(unlabelled)}")
    else:
        for span, n in flagged.most_common():
            print(f"{span}\t{n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
