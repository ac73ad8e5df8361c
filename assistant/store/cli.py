"""`forum-assistant forums` lists the forums on this server; `forum-assistant new-links
FORUM_ID` gives a forum new facilitator and manager links, for one lost or shared too
widely (the old ones stop working); `new-join-code FORUM_ID` gives it a new join code, for one
that reached people outside the forum; `restore FILE` brings a backup (`forum-assistant backup`,
beside `export`) back as a new forum (on this server or another).
Whoever can run them runs the server: no link needed."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from assistant.i18n import translate

DEFAULT_BASE = "http://localhost:8501/"


def _store():
    from assistant.config import get_settings
    from assistant.services import Services

    return Services(get_settings()).store


def cmd_forums(args: argparse.Namespace) -> int:
    from assistant.store import queries

    store = _store()
    try:
        with store.read() as session:
            listed = queries.forum_listings(session)
    finally:
        store.dispose()
    if args.json:
        print(json.dumps([f.as_dict() for f in listed], ensure_ascii=False, indent=2))
        return 0
    if not listed:
        print(translate("cli.forums.none", args.lang))
    for forum in listed:
        line = translate("cli.forums.line", args.lang, id=forum.id, title=forum.title, locality=forum.locality,
                         code=forum.join_code, created=forum.created_at.date().isoformat(),
                         meeting=forum.current_meeting or "–", count=forum.participants)
        print(line + (translate("cli.forums.team_mark", args.lang) if forum.kind == "team" else ""))
    return 0


def _base(public_url: str | None) -> str:
    """The server's address: --public-url, else FORUM_PUBLIC_URL, else localhost."""
    from assistant.config import get_settings

    return public_url or get_settings().public_url or DEFAULT_BASE


def _link_urls(public_url: str | None, facilitator_token: str, manager_token: str) -> dict[str, str]:
    """The facilitator and manager links in the server's address."""
    from assistant import links

    base = _base(public_url)
    return {"facilitator_url": links.facilitator_url(base, facilitator_token),
            "manager_url": links.manager_url(base, manager_token)}


def _team_urls(public_url: str | None, tokens) -> dict[str, str]:
    """Each team's name and its lead's link in the server's address."""
    from assistant import links

    return {name: links.team_url(_base(public_url), token) for name, token in tokens}


def _print_links(urls: dict[str, str], lang: str | None) -> None:
    print(f"{translate('cli.demo.facilitator_url', lang)}: {urls['facilitator_url']}")
    print(f"{translate('cli.demo.manager_url', lang)}: {urls['manager_url']}")


def cmd_new_links(args: argparse.Namespace) -> int:
    from assistant.errors import ForumGoneError, UnknownForumError
    from assistant.store import commands

    store = _store()
    try:
        issued = commands.reissue_links(store, args.forum_id, clear_pin=args.clear_pin)
    except ForumGoneError as exc:  # to the operator, a number that names no forum
        raise UnknownForumError(forum_id=args.forum_id) from exc
    finally:
        store.dispose()
    urls = _link_urls(args.public_url, issued.facilitator_token, issued.manager_token)
    teams = _team_urls(args.public_url, issued.team_tokens)
    if args.json:
        print(json.dumps({"forum_id": issued.forum_id, **urls, "pin_cleared": issued.pin_cleared,
                          "team_urls": teams}, ensure_ascii=False, indent=2))
        return 0
    print(translate("cli.new_links.done", args.lang, title=issued.title))
    _print_links(urls, args.lang)
    for name, url in teams.items():  # drawn from the facilitator's: new too
        print(translate("cli.new_links.team", args.lang, name=name, url=url))
    if issued.pin_cleared:
        print(translate("cli.new_links.pin_cleared", args.lang))
    return 0


def cmd_new_join_code(args: argparse.Namespace) -> int:
    from assistant.errors import ForumGoneError, UnknownForumError
    from assistant.store import commands

    store = _store()
    try:
        changed = commands.change_join_code(store, args.forum_id)
    except ForumGoneError as exc:
        raise UnknownForumError(forum_id=args.forum_id) from exc
    finally:
        store.dispose()
    if args.json:
        print(json.dumps({"forum_id": changed.forum_id, "join_code": changed.new_code,
                          "previous_join_code": changed.old_code}, ensure_ascii=False, indent=2))
        return 0
    print(translate("cli.new_join_code.done", args.lang, title=changed.title, code=changed.new_code,
                    old=changed.old_code))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from assistant.errors import BackupError
    from assistant.store.backup import MAX_BYTES, parse_backup, restore_forum, too_large

    try:
        if too_large(args.file.stat().st_size):  # before reading it
            raise BackupError(reason="too_large", limit=MAX_BYTES // (1024 * 1024))
        data = args.file.read_bytes()
    except OSError as exc:
        raise BackupError(reason="unreadable", path=str(args.file), why=exc.strerror or type(exc).__name__) from exc
    document = parse_backup(data)
    store = _store()
    try:
        restored = restore_forum(store, document, clear_pin=args.clear_pin)
    finally:
        store.dispose()
    urls = _link_urls(args.public_url, restored.facilitator_token, restored.manager_token)
    if args.json:
        print(json.dumps({"forum_id": restored.forum.id, "title": restored.forum.title,
                          "join_code": restored.forum.join_code, "join_code_kept": restored.join_code_kept,
                          "phone_links_kept": restored.phone_links_kept, **urls, "rows": restored.counts},
                         ensure_ascii=False, indent=2))
        return 0
    counts = restored.counts
    print(translate("cli.restore.done", args.lang, title=restored.forum.title, id=restored.forum.id,
                    participants=counts["participants"], ideas=counts["ideas"], polls=counts["polls"],
                    ballots=counts["ballots"]))
    for line in restored.notes(args.lang):
        print(line)
    _print_links(urls, args.lang)
    return 0


def _public_url_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--public-url", default=None, metavar="URL",
                        help="the server's address in the links (default: FORUM_PUBLIC_URL, else localhost:8501)")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("forums", help="list the forums on this server (number, title, join code, meeting)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_forums)

    p = sub.add_parser("new-links", help="new facilitator and manager links for a forum; the old ones stop working")
    p.add_argument("forum_id", type=int, metavar="FORUM_ID")
    p.add_argument("--clear-pin", action="store_true", help="also remove the console's PIN")
    _public_url_option(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_new_links)

    p = sub.add_parser("new-join-code", help="a new join code for a forum; the old one stops letting people join")
    p.add_argument("forum_id", type=int, metavar="FORUM_ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_new_join_code)

    p = sub.add_parser("restore", help="bring a forum backup back as a new forum on this server (new links)")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--clear-pin", action="store_true", help="restore it without the console's PIN")
    _public_url_option(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_restore)
