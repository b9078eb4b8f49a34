"""``review-tools db ...``: the review database (copy between SQLite and PostgreSQL, summary)."""

from __future__ import annotations


def register(sub) -> None:
    """Add the ``db`` command group."""
    p = sub.add_parser("db", help="the review database: copy between SQLite files and PostgreSQL, summarise")
    dsub = p.add_subparsers(dest="db_command", metavar="SUBCOMMAND")
    cp = dsub.add_parser(
        "copy", help="copy a review database to a new file or an empty PostgreSQL database, checked",
        description="Copy every record and event from SRC to DST (a file path or postgresql://USER@HOST:PORT/DB), "
                    "then compare the row counts and a content hash of both; DST must be new or empty.")
    cp.add_argument("source", metavar="SRC", help="the review database to copy (file or postgresql:// address)")
    cp.add_argument("destination", metavar="DST", help="a new file, or an empty PostgreSQL database")
    cp.set_defaults(func=run_copy)
    info = dsub.add_parser("info", help="print the schema version, row counts and content hash of a review database")
    info.add_argument("database", help="file path or postgresql:// address")
    info.set_defaults(func=run_info)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def run_copy(args) -> int:
    """Copy and print both sides' counts and hashes."""
    from ..db import copy_database

    report = copy_database(args.source, args.destination)
    for line in report.lines():
        print(line)
    return 0


def run_info(args) -> int:
    """Print engine, schema version, counts and hash."""
    from .. import db
    from ..db.copy import summarise

    conn = db.connect(args.database, readonly=True)
    summary = summarise(conn)
    print(f"{args.database}: {db.engine_of(conn)}, schema version {db.schema_version(conn)}; {summary.line()}")
    return 0
