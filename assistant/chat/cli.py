"""Command-line subcommands of this feature: `forum-assistant ask`."""

from __future__ import annotations

import argparse
import json
import sys


def cmd_ask(args: argparse.Namespace) -> int:
    from assistant.chat.service import ask
    from assistant.config import get_settings
    from assistant.i18n import resolve_language, translate

    language = resolve_language(args.lang)
    answer = ask(get_settings(), " ".join(args.question), forum_id=args.forum, language=language)
    if answer.fallback is not None:
        print(translate("chat.fallback", language, reason=answer.detail), file=sys.stderr)
    if args.json:
        print(json.dumps(answer.as_dict(), ensure_ascii=False, indent=2))
        return 0
    print(answer.text)
    if answer.citations:
        print()
    for citation in answer.citations:
        where = " · ".join(x for x in (citation.document, citation.section) if x)
        print(f"[{citation.number}] {where} ({citation.passage_id})")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ask", help="ask the facilitation assistant (cited answers from the documents)")
    p.add_argument("question", nargs="+")
    p.add_argument("--forum", type=int, default=None, help="answer knowing this forum's state (its number)")
    p.add_argument("--json", action="store_true", help='print {"answer", "citations", "mode"} as JSON')
    p.set_defaults(func=cmd_ask)
