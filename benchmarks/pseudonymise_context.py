"""How often the context rules of the pseudonymiser flag a word that is not a person's name.

Runs :func:`review_tools._identifiers.context_name_spans` (the rules for names outside every list:
cue words, -nen surname shape, capitalised pairs mid-sentence, first name + initial) over the
shared transcripts (ParlaMint FI/SE speeches, QMSum committee meetings, World After Covid
interviews), one document at a time with the document's lowercase vocabulary and the region key's
municipalities as exclusions, as the pseudonymiser does. Prints every distinct flagged span with
its rule and document count; ``--labels FILE`` reads a hand-made judgement (``span<TAB>name|other``)
and prints the false-positive rate (flagged spans that are not person names / all flagged spans) of
the sample, and over every document (a span flagged once is masked throughout its source, so a
(document, span) pair is the unit): precision = judged pairs flagged that are names / judged pairs
flagged, recall = (document, name) pairs flagged / pairs of a judged name and a document it occurs in
as a word.

Usage: python benchmarks/pseudonymise_context.py [--labels benchmarks/pseudonymise_context_labels.tsv]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
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


def flagged_occurrences(docs: dict[str, str]) -> list[tuple[str, str, str, str]]:
    """``(group, span, context, document)`` of every span the context rules flag; group ``fi-sv`` or ``en``."""
    p = Pseudonymiser(places=region_places(ROOT / "corpus"))
    p._ensure()
    out = []
    for name, text in docs.items():
        vocab = lowercase_vocabulary([text])
        group = "fi-sv" if name.startswith("ParlaMint") else "en"
        for s, e, tok in context_name_spans(text, is_excluded=p._is_place, lowercase_vocabulary=vocab):
            out.append((group, tok, text[max(0, s - 40):e + 25].replace("\n", " "), name))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labels", default=None, help="TSV: span<TAB>name|other (the judgement of each flagged span)")
    ap.add_argument("--sample", type=int, default=120, help="English occurrences judged (random, seed 0)")
    args = ap.parse_args(argv)
    docs = documents()
    words = Counter()
    for name, text in docs.items():
        words["fi-sv" if name.startswith("ParlaMint") else "en"] += len(text.split())
    occ = flagged_occurrences(docs)
    fise = [o for o in occ if o[0] == "fi-sv"]
    en = [o for o in occ if o[0] == "en"]
    rng = random.Random(0)
    sample = rng.sample(en, min(args.sample, len(en)))
    print(f"{len(docs)} documents; fi-sv {words['fi-sv']:,} words, {len(fise)} flagged; "
          f"en {words['en']:,} words, {len(en)} flagged ({args.sample} judged at random)")
    if not args.labels:
        for group, tok, ctx, _doc in [*fise, *sample]:
            print(f"{group}\t{tok}\t{ctx}")
        return 0
    labels = {}
    for line in Path(args.labels).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            span, label = line.rsplit("\t", 1)
            labels[span] = label.strip()
    for group, items in (("fi-sv", fise), ("en", sample)):
        judged = [labels.get(o[1]) for o in items]
        fp, tp = judged.count("other"), judged.count("name")
        print(f"{group}: false positives {fp} of {fp + tp} judged flagged spans = {fp / max(1, fp + tp):.1%} "
              f"(unjudged {judged.count(None)})")
    for group, items in (("fi-sv", fise), ("en", en)):
        flagged = {(o[3], o[1]) for o in items if o[1] in labels}
        tp = {p for p in flagged if labels[p[1]] == "name"}
        gold = {(d, span) for d, text in docs.items() if ("fi-sv" if d.startswith("ParlaMint") else "en") == group
                for span, label in labels.items() if label == "name" and re.search(rf"(?<!\w){re.escape(span)}(?!\w)", text)}
        print(f"{group} (document, span) pairs: precision {len(tp)} of {len(flagged)} = {len(tp) / max(1, len(flagged)):.1%}; "
              f"recall {len(tp & gold)} of {len(gold)} = {len(tp & gold) / max(1, len(gold)):.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
