"""The ``review-tools`` command line.

Sub-commands live in :mod:`review_tools.commands`; each module there has ``register(subparsers)``
that adds its parser and sets ``func`` (a callable taking the parsed args and returning an exit code).
This module is the only place that configures logging and turns errors into exit codes.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
import warnings

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
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
