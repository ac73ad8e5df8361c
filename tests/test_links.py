from __future__ import annotations

import json
import re

from assistant import links


def test_links_open_their_roles_first_page_from_the_public_root():
    base = "http://192.168.1.20:8501/console?f=x#top"
    assert links.join_url(base, "AB12CD") == "http://192.168.1.20:8501/phone?join=AB12CD"
    assert links.join_address(base) == "192.168.1.20:8501/phone"  # typed, then the code
    assert links.join_address("https://forum.example.org/") == "forum.example.org/phone"
    assert links.participant_url(base, "tok") == "http://192.168.1.20:8501/?p=tok"
    assert links.is_local("http://localhost:8501/") and not links.is_local(base)


def test_a_phone_remembers_one_participant_per_forum_and_ignores_other_cookies():
    cookies = {"forum_p3": "tokA", "forum_p12": "tokB", "forum_p": "x", "forum_pX": "y", "forum_p4": "",
               "_streamlit_xsrf": "z", "other_p5": "w"}
    assert links.remembered(cookies) == {3: "tokA", 12: "tokB"}
    assert links.remember_cookie(12) == "forum_p12"


def _assignment(script: str) -> str:
    found = re.fullmatch(r"<script>document\.cookie = (.*);</script>", script)
    assert found, script
    return json.loads(found.group(1))


def test_the_cookie_script_sets_and_deletes_with_the_right_attributes():
    assert _assignment(links.cookie_script("forum_p3", "tok_-A1", secure=False, days=2)) == \
        "forum_p3=tok_-A1; path=/; max-age=172800; SameSite=Lax"
    assert _assignment(links.cookie_script("forum_p3", "tok", secure=True)).endswith(
        f"max-age={links.REMEMBER_DAYS * 86400}; SameSite=Lax; Secure")
    assert _assignment(links.cookie_script("forum_p3", None, secure=False)) == \
        "forum_p3=; path=/; max-age=0; SameSite=Lax"
    # A value can never end the string or the script it is written into.
    hostile = links.cookie_script("forum_p3", '";alert(1);"</script>', secure=False)
    assert hostile.count("</script>") == 1 and hostile.endswith("</script>")
    assert _assignment(hostile).startswith('forum_p3=";alert(1);"</script>')
