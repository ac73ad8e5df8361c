"""Command-line subcommands of this feature: `forum-assistant ask`."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.chat.answer import Answer
    from assistant.config import Settings


def ask(settings: Settings, question: str, *, forum_id: int | None = None, language: str = "he") -> Answer:
    """One question from the command line: forum state (checked first), index, playbook, answer."""
    from assistant.chat.service import forum_context
    from assistant.errors import NotFoundError, UnknownForumError
    from assistant.retrieval.engine import clean_query
    from assistant.services import Services

    question = clean_query(question)
    services = Services(settings)
    try:
        if forum_id is not None:
            from assistant.store import queries

            try:
                with services.store.read() as session:
                    queries.get_forum(session, forum_id)
            except NotFoundError as exc:
                raise UnknownForumError(forum_id=forum_id) from exc
        services.retriever  # noqa: B018 - opened first, so that the playbook reads its passages
        context = forum_context(services.store if forum_id is not None else None, services.playbook,
                                forum_id, language)
    finally:
        services.close()
    return services.answerer.answer(question, context)


def cmd_ask(args: argparse.Namespace) -> int:
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
