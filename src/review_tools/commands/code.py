"""``review-tools code ...``: code suggestions, intercoder agreement and exchange with other tools.

- ``code suggest --train TRAIN.csv --apply TEST.csv --out SUGGESTIONS.csv [--codebook FILE]``
- ``code agreement CODINGS.csv [--json] [--disagreements FILE]``
- ``code export-qdpx --out FILE.qdpx [--run-dir RUN] [--review-dir review] [--language fi|sv|en] [--owner NAME]``
- ``code import-qdpx FILE.qdpx --out CODINGS.csv [--run-dir RUN] [--codebook-out codebook.yaml] [--report FILE]``
- ``code export-codebook --out FILE.{csv,xlsx,qdc,yaml} [--format ...] [--codebook FILE]`` and
  ``code import-codebook FILE.{csv,xlsx,qdc} --out codebook.yaml`` (Taguette CSV/XLSX, plain tables,
  REFI-QDA ``.qdc``); ``export-qdc``/``import-qdc`` are the ``.qdc`` shorthands.

A codebook argument may be a review folder, ``codebook.yaml``, ``.qdc``, ``.csv`` or ``.xlsx``.
"""

from __future__ import annotations

import io
import json
import math
import sys
from pathlib import Path

import pandas as pd

from ..errors import CorpusFormatError
from ..readers import read_text

_FORMATS = ("yaml", "qdc", "taguette-csv", "taguette-xlsx", "table-csv", "table-xlsx")


def register(sub) -> None:
    """Add the ``code`` command group."""
    p = sub.add_parser("code", help="qualitative coding: suggestions, agreement, REFI-QDA export/import")
    csub = p.add_subparsers(dest="code_command", metavar="SUBCOMMAND")
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])

    s = csub.add_parser("suggest", help="suggest codes for text units (lexicon, or a model trained on coded units)")
    s.add_argument("--train", default=None, help="CSV with segment_id,text,codes (codes joined by ';')")
    s.add_argument("--apply", required=True, help="CSV with segment_id,text")
    s.add_argument("--out", required=True, help="output CSV segment_id,code,score,reason (best first)")
    s.add_argument("--codebook", default=None,
                   help="codebook: review folder, .yaml, .qdc, .csv or .xlsx (default without --train: review/codebook.yaml)")
    s.add_argument("--language", default=None, choices=["fi", "sv", "en"], help="language of all texts (default: guess)")
    s.add_argument("--top-k", type=int, default=5, help="suggestions kept per unit (default 5; 0 = all)")
    s.add_argument("--seed", type=int, default=0, help="random_state of the model")
    s.set_defaults(func=run_suggest)

    a = csub.add_parser("agreement", help="percent agreement, Cohen's kappa and Krippendorff's alpha per code")
    a.add_argument("codings", help="CSV with unit_id,coder,code (empty code: unit read, left uncoded)")
    a.add_argument("--json", action="store_true", help="print JSON instead of a table")
    a.add_argument("--disagreements", default=None, help="write the disagreements to this CSV")
    a.set_defaults(func=run_agreement)

    e = csub.add_parser("export-qdpx", help="export codebook, coders, sources and codings as REFI-QDA .qdpx")
    e.add_argument("--out", required=True, help="the .qdpx file to write")
    e.add_argument("--run-dir", default="outputs/demo", help="run folder with artefacts/03-coding (default outputs/demo)")
    e.add_argument("--review-dir", default="review", help="review folder (its codebook and protocol)")
    e.add_argument("--include-lexicon", action="store_true", help="also export lexicon-only (unconfirmed) codings")
    e.add_argument("--language", default="en", choices=["fi", "sv", "en"],
                   help="language of the code names (the others go into the descriptions)")
    e.add_argument("--owner", default=None,
                   help="user who owns the project and its sources (default: the protocol's lead, else the first coder)")
    e.set_defaults(func=run_export_qdpx)

    i = csub.add_parser("import-qdpx", help="read a REFI-QDA .qdpx (QualCoder, NVivo, ATLAS.ti, MAXQDA) into CSV")
    i.add_argument("qdpx", help="the .qdpx file")
    i.add_argument("--out", required=True,
                   help="CSV unit_id,unit_type,coder,code,code_label,char_start,char_end,source,start,end,turns,...")
    i.add_argument("--run-dir", default=None,
                   help="run folder whose 03-coding/segments.csv the selections are mapped onto (else: source lines)")
    i.add_argument("--codebook-out", default=None, help="also write the project's codebook as YAML")
    i.add_argument("--report", default=None, help="write the import report (what could not be represented) as JSON")
    i.add_argument("--language", default="en", choices=["fi", "sv", "en"],
                   help="language of code names made in other tools (default en)")
    i.add_argument("--max-member-mib", type=float, default=200.0, help="largest member read, decompressed (MiB)")
    i.add_argument("--max-total-mib", type=float, default=1024.0, help="largest archive, decompressed (MiB)")
    i.set_defaults(func=run_import_qdpx)

    x = csub.add_parser("export-codebook", help="write the codebook as Taguette CSV/XLSX, a plain table, .qdc or YAML")
    x.add_argument("--out", required=True, help="file to write; the format follows the suffix unless --format")
    x.add_argument("--codebook", default="review/codebook.yaml", help="codebook to export (any readable format)")
    x.add_argument("--format", default=None, choices=list(_FORMATS),
                   help="taguette-csv/-xlsx (tag,description; default for .csv/.xlsx), table-csv/-xlsx "
                        "(id,parent,codable,label_*,definition_*,keywords_*), qdc or yaml")
    x.add_argument("--language", default="en", choices=["fi", "sv", "en"], help="language of the tag and code names")
    x.set_defaults(func=run_export_codebook)

    m = csub.add_parser("import-codebook", help="convert a Taguette CSV/XLSX, plain table or .qdc to codebook.yaml")
    m.add_argument("codebook", help="the file to read")
    m.add_argument("--out", required=True, help="YAML file to write")
    m.add_argument("--language", default="en", choices=["fi", "sv", "en"],
                   help="language of names and single-language columns (default en)")
    m.set_defaults(func=run_import_codebook)

    q = csub.add_parser("export-qdc", help="export the codebook as REFI-QDA .qdc (export-codebook --format qdc)")
    q.add_argument("--out", required=True)
    q.add_argument("--codebook", default="review/codebook.yaml")
    q.add_argument("--language", default="en", choices=["fi", "sv", "en"], help="language of the code names")
    q.set_defaults(func=run_export_codebook, format="qdc")

    r = csub.add_parser("import-qdc", help="convert a REFI-QDA .qdc codebook to codebook.yaml (as import-codebook)")
    r.add_argument("codebook", metavar="qdc")
    r.add_argument("--out", required=True, help="YAML file to write")
    r.add_argument("--language", default="en", choices=["fi", "sv", "en"])
    r.set_defaults(func=run_import_codebook)


def _read_csv(path: str, required: list[str]) -> pd.DataFrame:
    p = Path(path)
    if not p.is_file():
        raise CorpusFormatError(p, "file not found")
    text, enc = read_text(p)
    if enc not in ("utf-8-sig", "utf-8"):
        print(f"warning: {p}: not UTF-8; read as {enc}", file=sys.stderr)
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise CorpusFormatError(p, f"not a readable CSV ({exc})") from exc
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise CorpusFormatError(p, f"missing column(s) {missing}; the header has {list(df.columns)}", line=1)
    return df


def run_suggest(args) -> int:
    """Suggest codes and write SUGGESTIONS.csv."""
    from ..codebook_files import read_codebook
    from ..coding import suggest_codes
    from ..coding.lexicon import Lexicon
    from ..coding.model import CodeSuggester, split_codes

    test = _read_csv(args.apply, ["segment_id", "text"])
    codebook_path = args.codebook or (None if args.train else "review/codebook.yaml")
    codebook = read_codebook(codebook_path) if codebook_path else None
    units = test.rename(columns={"segment_id": "unit_id"})
    top_k = args.top_k or None
    model = None
    if args.train:
        train = _read_csv(args.train, ["segment_id", "text", "codes"])
        labels = [split_codes(v) for v in train["codes"]]
        if codebook is not None:
            known = {c.id for c in codebook.codes}
            for i, codes in enumerate(labels):
                bad = [c for c in codes if c not in known]
                if bad:
                    raise CorpusFormatError(args.train, f"code '{bad[0]}' is not in the codebook {codebook_path}",
                                            line=i + 2, field="codes")
        model = CodeSuggester(codebook=codebook, language=args.language, random_state=args.seed).fit(
            train.rename(columns={"segment_id": "unit_id"}), labels)
    if model is not None and codebook is None:
        out = model.suggest(units if args.language is None else units.assign(language=args.language), top_k=top_k)
    else:
        out = suggest_codes(units, codebook, language=args.language, model=model, top_k=top_k,
                            lexicon=Lexicon(codebook))
    out = out.rename(columns={"unit_id": "segment_id"})
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    out.to_csv(args.out, index=False, encoding="utf-8")
    source = "model + lexicon" if model is not None and codebook is not None else ("model" if model else "lexicon")
    print(f"{args.out}: {len(out)} suggestions for {out['segment_id'].nunique()} of {len(units)} units ({source})")
    return 0


def _nan_to_none(x):
    return None if isinstance(x, float) and math.isnan(x) else x


def run_agreement(args) -> int:
    """Print agreement per code and overall."""
    from ..coding.reliability import agreement_table, disagreements

    codings = _read_csv(args.codings, ["unit_id", "coder", "code"])
    table = agreement_table(codings)
    dis = disagreements(codings)
    if args.disagreements:
        dis.to_csv(args.disagreements, index=False, encoding="utf-8")
    if args.json:
        records = [{k: _nan_to_none(v) for k, v in row.items()} for row in table.to_dict("records")]
        payload = {
            "coders": sorted(codings["coder"].unique().tolist()),
            "n_units": int(codings["unit_id"].nunique()),
            "per_code": records[:-1],
            "overall": records[-1],
            "n_disagreements": len(dis),
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        print(table.to_string(index=False, float_format=lambda v: f"{v:.4f}"))
        print(f"\n{len(dis)} unit x code disagreements" + (f" written to {args.disagreements}" if args.disagreements else ""))
    return 0


def _print_report(report: list[str], path: str | None) -> None:
    if path:
        Path(path).write_text(json.dumps({"items": report}, indent=2, ensure_ascii=False), encoding="utf-8")
    for line in report:
        print(f"  note: {line}", file=sys.stderr)


def run_export_qdpx(args) -> int:
    """Export the run's coding artefacts as .qdpx."""
    from .. import writers
    from ..coding.qdpx import export_qdpx
    from ..config import load_review

    cfg = load_review(args.review_dir)
    segments = writers.read_table(args.run_dir, "03-coding", "segments.csv", dtype={"document_id": str, "segment_id": str})
    codings = writers.read_table(args.run_dir, "03-coding", "codings.csv", dtype=str)
    if not args.include_lexicon:
        codings = codings[codings["origin"].isin(["human", "accepted_suggestion"])]
    records = None
    inc = writers.artefact_path(args.run_dir, "02-screening", "included.csv")
    rec_units = set(codings.loc[codings["unit_type"] == "record", "unit_id"])
    if rec_units and inc.exists():
        records = writers.read_table(args.run_dir, "02-screening", "included.csv", dtype=str)
        records = records[records["record_id"].isin(rec_units)]
    codings = codings[codings["unit_type"].isin(["segment", "record"])]
    owner = args.owner or next((r.id for r in cfg.protocol.reviewers if r.role == "lead"), None)
    path = export_qdpx(args.out, cfg.codebook, codings, segments, records, language=args.language, owner=owner,
                       project_name=cfg.protocol.short_title or cfg.protocol.title.get(args.language))
    print(f"{path}: {len(codings)} codings by {codings['coder'].nunique()} coder(s) on "
          f"{codings['unit_id'].nunique()} units, {len(cfg.codebook.codes)} codes")
    return 0


def run_import_qdpx(args) -> int:
    """Import codings (and the codebook) from a .qdpx into CSV (and YAML)."""
    from .. import writers
    from ..codebook_files import codebook_yaml
    from ..coding.qdpx import import_qdpx

    segments = None
    if args.run_dir:
        segments = writers.read_table(args.run_dir, "03-coding", "segments.csv",
                                      dtype={"document_id": str, "segment_id": str})
    result = import_qdpx(args.qdpx, segments=segments, language=args.language,
                         max_member_bytes=int(args.max_member_mib * 2**20),
                         max_total_bytes=int(args.max_total_mib * 2**20))
    cod = result["codings"][["unit_id", "unit_type", "coder", "code", "code_label", "char_start", "char_end", "source",
                             "start", "end", "turns", "coder_guid", "memo", "created"]]
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    cod.to_csv(args.out, index=False, encoding="utf-8")
    if args.codebook_out:
        Path(args.codebook_out).write_text(codebook_yaml(result["codebook"]), encoding="utf-8")
    cb = result["codebook"]
    n_cat = sum(not c.codable for c in cb.codes)
    coders = result["users"][result["users"]["codings"] > 0]
    print(f"{args.out}: {len(cod)} codings by {len(coders)} coder(s) ({', '.join(coders['name'])}), "
          f"{len(cb.codes) - n_cat} codes and {n_cat} categor{'y' if n_cat == 1 else 'ies'}, {len(result['sources'])} sources "
          f"({', '.join(sorted(set(result['sources']['encoding'])))}); "
          f"{int((cod['unit_type'] == 'span').sum())} selections crossing turns; {len(result['report'])} report item(s)")
    _print_report(result["report"], args.report)
    return 0


def run_export_codebook(args) -> int:
    """Write the codebook in the chosen format."""
    from ..codebook_files import read_codebook, write_codebook

    cb = read_codebook(args.codebook, language=args.language)
    path = write_codebook(cb, args.out, fmt=args.format, language=args.language)
    print(f"{path}: {len(cb.codes)} codes")
    return 0


def run_import_codebook(args) -> int:
    """Convert a codebook file to our codebook YAML."""
    from ..codebook_files import codebook_yaml, read_codebook

    report: list[str] = []
    cb = read_codebook(args.codebook, language=args.language, report=report)
    Path(args.out).write_text(codebook_yaml(cb), encoding="utf-8")
    n_cat = sum(not c.codable for c in cb.codes)
    depth = sum(c.parent is not None for c in cb.codes)
    print(f"{args.out}: {len(cb.codes)} codes ({n_cat} categories, {depth} with a parent)")
    _print_report(report, None)
    return 0
