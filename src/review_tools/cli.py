"""The ``review-tools`` command line.

Sub-commands live in :mod:`review_tools.commands`; each module there has ``register(subparsers)``
that adds its parser and sets ``func`` (a callable taking the parsed args and returning an exit code).
This module is the only place that configures logging and turns errors into exit codes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import logging
import os
import pkgutil
import sys
import tempfile
import traceback
import warnings
from pathlib import Path

from . import __version__, commands
from .errors import ConfigError, ReviewToolsError

EXIT_OK, EXIT_ERROR, EXIT_INVALID = 0, 1, 2


def command_names() -> list[str]:
    """Names of the command modules in :mod:`review_tools.commands` (without importing them)."""
    return sorted(m.name for m in pkgutil.iter_modules(commands.__path__) if not m.name.startswith("_"))


def _requested(argv: list[str] | None) -> str | None:
    """The command module named by the first positional argument of ``argv``, if there is one."""
    if argv is None:
        return None
    first = next((a for a in argv if not a.startswith("-")), None)
    first = first.replace("-", "_") if first else first  # follow-up -> commands/follow_up.py
    return first if first in command_names() else None


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """Build the argument parser.

    Parameters
    ----------
    argv : list of str, optional
        When its first positional argument names a command module, only that module is imported
        and registered (command modules import heavy libraries; ``review-tools screen simulate``
        then starts in a fraction of a second). Otherwise, and by default, every command is
        registered (for ``--help`` and the error for an unknown command).
    """
    parser = argparse.ArgumentParser(
        prog="review-tools",
        description="Systematic-review and social-welfare research workbench.",
    )
    parser.add_argument("--version", action="version", version=f"review-tools {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="show debug messages")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    only = _requested(argv)
    for name in command_names():
        if only is not None and name != only:
            continue
        module = importlib.import_module(f"{commands.__name__}.{name}")
        module.register(sub)
    if only is not None and only not in sub.choices:  # the module registers another name: register all
        return build_parser()
    return parser


def _plain_warning(message, category, filename, lineno, line=None) -> str:
    """Show a warning as one line for the researcher, without the source line that raised it."""
    return f"warning: {message}\n"


def _write_error_log(args, argv: list[str], exc: BaseException) -> Path | None:
    """Write the traceback of ``exc`` to a log file; return its path (None if it cannot be written).

    The log goes to the user's temp folder (mode 0600), never under ``outputs/``: a traceback may
    quote personal data from an interview or social report, and ``outputs/`` is published.
    """
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    text = (f"review-tools {__version__} {' '.join(argv)}\n{dt.datetime.now().isoformat()}\n\n"
            + "".join(traceback.format_exception(exc)))
    for folder in (Path(tempfile.gettempdir()), Path.home()):
        try:
            fd, name = tempfile.mkstemp(prefix=f"review-tools-error-{stamp}-", suffix=".log", dir=folder)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            return Path(name)
        except OSError:
            continue
    return None


def _os_error_message(exc: OSError) -> str:
    """One line for a file-system error, naming the path and what is expected."""
    where = exc.filename if exc.filename is not None else ""
    if isinstance(exc, IsADirectoryError):
        return f"{where}: is a folder; give the path of a file (e.g. {Path(str(where)) / 'out.csv'})"
    if isinstance(exc, NotADirectoryError):
        return f"{where}: a part of this path is a file, not a folder"
    if isinstance(exc, PermissionError):
        return f"{where}: permission denied; choose a path you can write to"
    if isinstance(exc, FileNotFoundError):
        return f"{where}: no such file or folder"
    return f"{where}: {exc.strerror or exc}" if where else str(exc)


def _unexpected(args, argv: list[str], exc: BaseException) -> int:
    """Anything unexpected: one line for the user, the details in a log file."""
    log_path = _write_error_log(args, argv, exc)
    first = (str(exc).strip().splitlines() or [""])[0][:200]
    where = f"; details in {log_path}" if log_path else ""
    print(f"error: unexpected {type(exc).__name__}: {first}{where}", file=sys.stderr)
    return EXIT_ERROR


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    if argv is None:
        argv = sys.argv[1:]
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(message)s",
    )
    logging.getLogger("papermill").setLevel(logging.ERROR)
    warnings.formatwarning = _plain_warning
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_INVALID
    try:
        return int(args.func(args) or 0)
    except ConfigError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INVALID
    except ReviewToolsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except OSError as exc:
        print(f"error: {_os_error_message(exc)}", file=sys.stderr)
        return EXIT_ERROR
    except UnicodeDecodeError as exc:
        inputs = list(dict.fromkeys(str(v) for v in vars(args).values() if isinstance(v, str) and Path(v).is_file()))
        which = f" (one of {', '.join(inputs)})" if inputs else ""
        print(f"error: an input{which} is not UTF-8 text ({exc.reason} at byte {exc.start}); "
              "is it a binary file? Give a UTF-8 CSV or text export", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:
        if type(exc).__module__.startswith("pandas") and type(exc).__name__ in ("ParserError", "EmptyDataError"):
            inputs = list(dict.fromkeys(str(v) for v in vars(args).values() if isinstance(v, str) and Path(v).is_file()))
            which = f" (one of {', '.join(inputs)})" if inputs else ""
            first = (str(exc).strip().splitlines() or [""])[0][:200]
            print(f"error: an input{which} is not a readable CSV table ({first}); give a UTF-8 CSV with a header row",
                  file=sys.stderr)
            return EXIT_ERROR
        return _unexpected(args, argv, exc)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
