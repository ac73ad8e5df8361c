"""`forum-assistant export FORUM_ID [--out DIR] [--printables]`: every document and data file
of a forum, and with --printables the papers to print before a meeting; `forum-assistant
backup FORUM_ID` (or `--all`): the whole forum in one JSON file, in its exports folder."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from pathlib import Path

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
    from assistant.store.teams import progress_reported

    settings = get_settings()
    base = args.public_url or settings.public_url
    if args.printables and not base:
        raise PublicUrlMissingError()
    services = Services(settings)
    try:
        snapshot = read_snapshot(services.store, args.forum_id)
        if snapshot.teams:  # the progress report written now is the last one: the next starts here
            progress_reported(services.store, args.forum_id, snapshot.taken_at.date())
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


def _dump(forum_id: int | None) -> list[tuple[int, dict]]:
    """The forum's backup document, or without `forum_id` every forum's (one deleted
    meanwhile is left out)."""
    from assistant.config import get_settings
    from assistant.errors import ForumGoneError, UnknownForumError
    from assistant.services import Services
    from assistant.store import queries
    from assistant.store.backup import dump_forum

    services = Services(get_settings())
    store = services.store
    try:
        if forum_id is not None:
            try:
                return [(forum_id, dump_forum(store, forum_id))]
            except ForumGoneError as exc:
                raise UnknownForumError(forum_id=forum_id) from exc
        with store.read() as session:
            listed = [forum.id for forum in queries.forum_listings(session)]
        documents = []
        for listed_id in listed:
            with contextlib.suppress(ForumGoneError):
                documents.append((listed_id, dump_forum(store, listed_id)))
        return documents
    finally:
        services.close()


def cmd_backup(args: argparse.Namespace) -> int:
    from assistant.config import get_settings
    from assistant.exports.files import save_export, write_new
    from assistant.store.backup import backup_filename, encode

    written = []
    for forum_id, document in _dump(None if args.all else args.forum_id):
        data = encode(document)
        if args.out is None:
            path = save_export(get_settings().exports_dir, forum_id, backup_filename(forum_id), data)
        else:
            path = write_new(args.out / backup_filename(forum_id) if args.all else args.out, data,
                             overwrite=args.overwrite)
        written.append(({"forum_id": forum_id, "file": str(path), "bytes": len(data)}, document["forum"]["title"]))
    if args.json:
        rows = [row for row, _title in written]
        print(json.dumps(rows if args.all else rows[0], ensure_ascii=False))
        return 0
    if not written:
        print(translate("cli.forums.none", args.lang))
    for row, title in written:
        print(translate("cli.backup.done", args.lang, title=title, path=row["file"]))
    return 0


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

    p = sub.add_parser("backup", help="write a forum and everything in it to one JSON file (to keep, or to restore)")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("forum_id", type=int, nargs="?", metavar="FORUM_ID")
    which.add_argument("--all", action="store_true", help="every forum on this server, one file each")
    p.add_argument("--out", type=Path, default=None, metavar="FILE",
                   help="where to write it, a folder with --all (default: each forum's exports folder, "
                        "a timestamped name)")
    p.add_argument("--overwrite", action="store_true", help="replace a file of the same name in --out")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_backup)
