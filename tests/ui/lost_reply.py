"""The race `assistant/ui/runtime_fix.py` fixes, played against Streamlit's own session class
(run as a script, so that each run starts with the class as Streamlit ships it).

A phone's button inside a fragment is pressed; the run ends on its own while the server's
event loop is busy (here: not yet given a turn); the phone's timed fragment asks for its run
before the loop has handled the first run's messages. Prints "received" when the first run's
reply reached the browser's queue, else "lost". `--fix` applies the fix first.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path
from unittest import mock

APP = '''
import streamlit as st

@st.fragment
def box():
    if st.button("send", key="send"):
        st.success("received")

box()

@st.fragment(run_every=3)
def follow():
    pass

follow()
'''


def _kinds(messages) -> list[str]:
    kinds = []
    for m in messages:
        kind = m.WhichOneof("type")
        if kind == "delta" and m.delta.WhichOneof("type") == "new_element":
            kind += ":" + m.delta.new_element.WhichOneof("type")
        kinds.append(kind)
    return kinds


async def _until_finished(session, runs: int, timeout: float = 10.0) -> list:
    """What the session queued for the browser until `runs` runs have finished (or `timeout`)."""
    messages, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        await asyncio.sleep(0.05)
        messages += session.flush_browser_queue()
        if sum(m.WhichOneof("type") == "script_finished" for m in messages) >= runs:
            await asyncio.sleep(0.2)  # and what follows the last one
            return messages + session.flush_browser_queue()
    return messages


async def _play(script: Path) -> str:
    from streamlit.proto.ClientState_pb2 import ClientState
    from streamlit.runtime.app_session import AppSession
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
    from streamlit.runtime.script_data import ScriptData
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    with mock.patch("streamlit.runtime.app_session.runtime"), mock.patch("streamlit.runtime.get_instance"):
        session = AppSession(script_data=ScriptData(str(script), False),
                             uploaded_file_manager=MemoryUploadedFileManager("/upload"),
                             script_cache=ScriptCache(), message_enqueued_callback=None, user_info={})
        try:
            session.request_rerun(None)  # the page opens
            button = box = follow = None
            for m in await _until_finished(session, 1):
                if m.WhichOneof("type") == "auto_rerun":
                    follow = m.auto_rerun.fragment_id
                elif m.WhichOneof("type") == "delta" and m.delta.new_element.WhichOneof("type") == "button":
                    button, box = m.delta.new_element.button.id, m.delta.fragment_id
            press = ClientState(fragment_id=box)
            press.widget_states.widgets.add(id=button, trigger_value=True)
            session.request_rerun(press)
            time.sleep(1.0)  # the run ends; the loop has not had a turn to handle what it drew
            session.request_rerun(ClientState(fragment_id=follow, is_auto_rerun=True))
            return "received" if "delta:alert" in _kinds(await _until_finished(session, 1)) else "lost"
        finally:
            session.shutdown()


def main() -> None:
    if "--fix" in sys.argv:
        from assistant.ui import runtime_fix

        assert runtime_fix.apply()
    script = Path(sys.argv[1])
    script.write_text(APP)
    print(asyncio.run(_play(script)))


if __name__ == "__main__":
    main()
