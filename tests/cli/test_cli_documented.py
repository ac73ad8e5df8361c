"""docs/cli.md shows every subcommand of the parser with every option it takes."""

from __future__ import annotations

import argparse
import re

from assistant.cli import build_parser
from tests.conftest import PROJECT

CLI_PAGE = PROJECT / "docs" / "cli.md"


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _usage_lines(text: str, command: str) -> str:
    """The page's usage lines for `command` (`forum-assistant COMMAND ...` in its code block)."""
    return "\n".join(line for line in text.splitlines()
                     if re.match(rf"forum-assistant {re.escape(command)}(\s|$)", line.strip()))


def test_every_subcommand_and_option_is_on_the_cli_page():
    text = CLI_PAGE.read_text(encoding="utf-8")
    missing = []
    for name, sub in _subcommands().items():
        usage = _usage_lines(text, name)
        if not usage:
            missing.append(name)
            continue
        for action in sub._actions:
            longest = max(action.option_strings, key=len, default=None)
            if longest and longest != "--help" and longest not in usage:
                missing.append(f"{name} {longest}")
    assert not missing, f"missing from docs/cli.md's usage lines: {missing}"


def test_the_cli_page_shows_no_subcommand_the_parser_lacks():
    text = CLI_PAGE.read_text(encoding="utf-8")
    shown = set(re.findall(r"^forum-assistant ([a-z][a-z-]*)", text, flags=re.MULTILINE))
    assert shown and not shown - set(_subcommands()), shown - set(_subcommands())
