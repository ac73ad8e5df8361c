"""`forum-assistant`: the command-line interface."""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from assistant.config import get_settings
from assistant.errors import ForumError, SettingsError
from assistant.i18n import LANGUAGES, translate


def _print_json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def cmd_index(args: argparse.Namespace) -> int:
    from assistant.retrieval.index_store import IndexStore

    settings = get_settings()
    report = IndexStore(settings).build(dense=not args.no_dense)
    if args.json:
        _print_json(report.as_dict())
        return 0
    t = lambda key, **kw: translate(key, args.lang, **kw)  # noqa: E731
    print(t("cli.index.summary", documents=report.documents, passages=report.passages,
            indexed=len(report.indexed), unchanged=len(report.unchanged), seconds=f"{report.seconds:.2f}"))
    for path in report.removed:
        print(t("cli.index.removed", path=path))
    for path, reason in report.skipped.items():
        print(t("cli.index.skipped", path=path, reason=reason), file=sys.stderr)
    if report.dense_error is not None:  # the words are indexed; the meaning side waits for its model
        print(t("cli.index.no_vectors", error=report.dense_error.message(args.lang)), file=sys.stderr)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from assistant.chat.notices import (
        corrected_spelling_notice,
        other_language_notice,
        sources_language_notice,
        unmatched_words_notice,
    )
    from assistant.corpus.cleaning import reading_order
    from assistant.retrieval.engine import clean_query
    from assistant.services import Services
    from assistant.text.normalize import snippet

    query = clean_query(" ".join(args.query))
    retriever = Services(get_settings()).retriever
    found = retriever.retrieve(query, k=args.k, as_typed=args.as_typed, word_match=True)
    results = found.results
    foreign = retriever.foreign_to_documents(found.searched)
    unmatched = () if foreign else found.words.unmatched
    # Notices go to stderr, so that --json output stays one document.
    if found.corrections:
        print(corrected_spelling_notice(found.corrections, args.lang), file=sys.stderr)
    if retriever.dense_failure is not None:
        print(translate("search.dense_unavailable", args.lang, error=retriever.dense_failure.message(args.lang)),
              file=sys.stderr)
    if foreign and found.meaning_voted:
        print(sources_language_notice(foreign, args.lang), file=sys.stderr)
    elif foreign:
        print(other_language_notice(foreign, args.lang), file=sys.stderr)
    elif unmatched:
        print(unmatched_words_notice(unmatched, args.lang), file=sys.stderr)
    if args.json:
        _print_json({"query": query, "searched": found.searched,
                     "corrections": [c.as_dict() for c in found.corrections],
                     "results": [r.as_dict() for r in results]})
        return 0
    if not results:
        print(translate("search.no_results", args.lang))
    for r in results:
        c = r.citation()
        # Lines the PDF gave in visual order, put back in reading order (as the search page shows them).
        where = " · ".join(x for x in (c["document"], reading_order(c["section"])) if x)
        print(f"[{r.rank}] {where}  ({c['passage_id']}, {r.score:.4f})")
        print("    " + snippet(reading_order(c["text"]), 400))
        print()
    return 0


def cmd_eval_retrieval(args: argparse.Namespace) -> int:
    from assistant.retrieval.evaluation import evaluate, load_eval_file
    from assistant.services import Services

    items = load_eval_file(Path(args.file))
    retriever = Services(get_settings()).retriever
    report = evaluate(items, lambda q, k: [r.passage.text for r in retriever.search(q, k)], args.k)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        print(translate("cli.eval.summary", args.lang, n=report.n, k=report.k,
                        recall=f"{report.recall_at_k:.3f}", mrr=f"{report.mrr:.3f}"))
        (recall_low, recall_high), (mrr_low, mrr_high) = report.recall_interval(), report.mrr_interval()
        print(translate("cli.eval.intervals", args.lang, recall_low=f"{recall_low:.3f}",
                        recall_high=f"{recall_high:.3f}", mrr_low=f"{mrr_low:.3f}", mrr_high=f"{mrr_high:.3f}"))
        for question in report.misses:
            print(translate("cli.eval.miss", args.lang, question=question))
    return 0


def cmd_demo_session(args: argparse.Namespace) -> int:
    from assistant.demo import create_demo
    from assistant.services import Services

    settings = get_settings()
    services = Services(settings)
    try:
        demo = create_demo(services.store, services.playbook, team_playbook=services.team_playbook,
                           participants=args.participants,
                           base_url=settings.public_url or "http://localhost:8501/", seed=args.seed)
    finally:
        services.close()
    if args.json:
        print(json.dumps(demo.as_dict(), ensure_ascii=False))
        return 0
    for key, value in demo.as_dict().items():
        print(f"{translate(f'cli.demo.{key}', args.lang)}: {value}")
    return 0


# Subcommands that live with their feature; each module has `register(subparsers)`
# and imports its heavy dependencies only when its command runs.
FEATURE_COMMANDS = ("assistant.chat.cli", "assistant.cluster.cli", "assistant.exports.cli", "assistant.loadtest.cli", "assistant.store.cli")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="forum-assistant", description="Forum Assistant command line")
    parser.add_argument("--lang", choices=LANGUAGES, default=None, help="language of messages")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("index", help="build or refresh the corpus index")
    p.add_argument("--json", action="store_true")
    p.add_argument("--no-dense", action="store_true", help="lexical index only (no embedding model)")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("search", help="search the corpus")
    p.add_argument("query", nargs="*")
    p.add_argument("--k", type=int, default=5)
    p.add_argument("--json", action="store_true")
    p.add_argument("--as-typed", action="store_true", help="search the words as typed, without spelling correction")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("eval-retrieval", help="recall@k and MRR over a JSONL question file")
    p.add_argument("file")
    p.add_argument("--k", type=int, default=5)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_eval_retrieval)

    p = sub.add_parser("demo-session", help="create a realistic demo forum and print its links")
    p.add_argument("--participants", type=int, default=40)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_demo_session)

    for module in FEATURE_COMMANDS:
        importlib.import_module(module).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    try:
        return args.func(args)
    except ForumError as exc:
        print(exc.message(args.lang), file=sys.stderr)
        return 2
    except ValidationError as exc:  # FORUM_* variables the settings cannot take
        print(SettingsError.of(exc).message(args.lang), file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader of the output left (`search ... | head -1`): nothing to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nor at exit, when Python flushes
        return 1


if __name__ == "__main__":
    sys.exit(main())
