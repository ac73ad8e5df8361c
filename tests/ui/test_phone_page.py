"""The phone page's rules that need no browser."""

from __future__ import annotations

from assistant.ui.phone_page import room_moved


def test_a_phone_is_drawn_again_only_for_a_room_read_after_its_page():
    """The room's mode is read once a second for all the phones of a process: a read older
    than the phone's own page (the room changed meanwhile, from another process) must not
    draw the page again, and a newer one that differs must."""
    before, after = (1, "idea", None), (1, "idea", 7)  # a vote opened
    assert room_moved(before, 10.0, after, 10.5)  # the room moved since the page read it
    assert not room_moved(after, 10.0, before, 9.6)  # an older shared read: the page knows better
    assert not room_moved(after, 10.0, after, 12.0)  # nothing changed
    assert room_moved(None, 0.0, after, 3.0)  # a page drawn before this rule (no time kept)
