"""`forum-assistant export FORUM_ID [--out DIR] [--printables]`: every document and data file
of a forum, and with --printables the papers to print before a meeting."""

from __future__ import annotations

import argparse
import json
import sys

from assistant.i18n import translate


def cmd_export(args: argparse.Namespace) -> int:
    from assistant.config import get_settings
    from assistant.errors import PublicUrlMissingError
    from assistant.exports.bundle import write_all
    from assistant.exports.files import forum_folder, stamped
    from assistant.exports.printables import guide_titles, join_details, write_printables
    from assistant.exports.reading import read_snapshot
    from assistant.reports.llm_narrator import narrator_for
    from assistant.services import Services

    settings = get_settings()
    base = args.public_url or settings.public_url
    if args.printables and not base:
        raise PublicUrlMissingError()
    services = Services(settings)
    try:
        snapshot = read_snapshot(services.store, args.forum_id)
    finally:
        services.close()
    playbook = services.playbook
    narrator = narrator_for(settings, args.forum_id)
    folder = args.out or forum_folder(settings.exports_dir, args.forum_id)
    name_for = str if args.out else (lambda name: stamped(name, snapshot.taken_at))
    report = write_all(snapshot, playbook, folder, name_for=name_for, overwrite=args.overwrite, narrator=narrator)
    written = dict(report.written)
    if args.printables:
        written |= write_printables(snapshot, playbook, join_details(base, snapshot.forum.join_code), folder,
                                    titles=guide_titles(settings.corpus_dir), name_for=name_for, overwrite=args.overwrite)
    status = 1 if report.failed else 0  # what could be written is; the exit code says not all
    if args.json:
        print(json.dumps({"forum_id": args.forum_id, "files": {k: str(v) for k, v in written.items()},
                          "failed": report.failed}, ensure_ascii=False, indent=2))
        return status
    print(translate("cli.export.summary", args.lang, count=len(written), forum=args.forum_id))
    for path in written.values():
        print(f"  {path}")
    for filename, reason in report.failed.items():
        print(translate("cli.export.failed", args.lang, file=filename, reason=reason), file=sys.stderr)
    return status


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="write a forum's Word documents, data.xlsx and .csv files")
    p.add_argument("forum_id", type=int, metavar="FORUM_ID")
    p.add_argument("--out", default=None, metavar="DIR",
                   help="folder for the files (default: the exports folder, timestamped names)")
    p.add_argument("--overwrite", action="store_true", help="replace files of the same name in --out")
    p.add_argument("--printables", action="store_true",
                   help="also the meetings' run sheets, the join card (they need the address phones open) "
                        "and each ranking's or rating's slips to print")
    p.add_argument("--public-url", default=None, metavar="URL",
                   help="the address phones open, for --printables (default: FORUM_PUBLIC_URL)")
    p.add_argument("--json", action="store_true", help="print the written paths as JSON")
    p.set_defaults(func=cmd_export)
