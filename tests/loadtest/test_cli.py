"""`forum-assistant loadtest` without a server: its options, its refusals."""

from __future__ import annotations

import json

from assistant.cli import build_parser, main
from tests.live import free_port


def test_the_command_is_registered_with_its_options():
    args = build_parser().parse_args(["loadtest", "--url", "http://127.0.0.1:8501/", "--participants", "60",
                                      "--timeout", "90", "--json"])
    assert (args.participants, args.timeout, args.ideas, args.json) == (60, 90.0, 3, True)
    assert args.func.__name__ == "cmd_loadtest"


def test_a_bad_address_is_refused_before_anything_runs(capsys):
    assert main(["--lang", "en", "loadtest", "--url", "ftp://somewhere/", "--participants", "2"]) == 2
    assert "not an http(s) address" in capsys.readouterr().err


def test_no_server_fails_fast_and_creates_nothing(capsys):
    from assistant.config import get_settings
    from assistant.store import queries
    from assistant.store.database import open_store

    url = f"http://127.0.0.1:{free_port()}/"
    assert main(["loadtest", "--url", url, "--participants", "3", "--timeout", "20", "--json"]) == 1
    figures = json.loads(capsys.readouterr().out)
    assert figures["ideas_expected"] == 9 and figures["ideas_stored"] == 0 and figures["forum_id"] is None
    assert url in figures["errors"][0]
    store = open_store(get_settings().resolved_database_url)
    with store.read() as session:
        assert queries.forum_listings(session) == []
    store.dispose()


def test_the_human_summary_speaks_the_chosen_language(capsys):
    url = f"http://127.0.0.1:{free_port()}/"
    assert main(["--lang", "ar", "loadtest", "--url", url, "--participants", "1"]) == 1
    out = capsys.readouterr().out
    assert "هاتف" in out and "فشل" in out and "loadtest." not in out
