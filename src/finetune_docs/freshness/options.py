"""The options of ``finetune-docs freshness``, apart from the run: the CLI builds its parser on
every command, and reading them must not import the run's modules."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ..backends import BACKENDS

    parser.add_argument("--backend", action="append", choices=list(BACKENDS),
                        help="only this backend (repeatable); default: all")
    parser.add_argument("--resolve-only", action="store_true", help="print pinned -> newest; build and test nothing")
    parser.add_argument("--no-releases", action="store_true",
                        help="leave the releases out (with --backend-info or --hub-endpoint alone)")
    parser.add_argument("--propose", action="store_true",
                        help="where a backend passes, bump its requirements file and remake the notebooks")
    parser.add_argument("--backend-info", type=Path, metavar="DIR",
                        help="a googlecolab/backend-info checkout: what Colab's next runtime changes for a reader")
    parser.add_argument("--hub-endpoint", metavar="URL", help="check the pages' Hub ids against this endpoint")
    parser.add_argument("--markdown", type=Path, metavar="FILE", help="also write the report here")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the report as JSON here")
    parser.add_argument("--pytest", action="append", default=[], metavar="ARG",
                        help="an argument added to the tutorial tests' pytest (repeatable: --pytest=--language "
                             "--pytest=en); the report then says the run was narrowed")
    parser.add_argument("--workdir", type=Path, help="where the environments are built (default: a temporary folder)")


def command(args, report=None) -> None:
    """``finetune-docs freshness``: the run (imported only now), exiting with its status."""
    from .run import main_args

    sys.exit(main_args(args))
