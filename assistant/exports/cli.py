"""Command-line subcommands of this feature."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Add this feature's subcommands (none yet)."""
