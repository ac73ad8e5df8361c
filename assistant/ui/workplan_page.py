"""Facilitator page (being built)."""

from __future__ import annotations

import streamlit as st

from assistant.forum.access import Role
from assistant.ui import services


def render() -> None:
    services.require(Role.FACILITATOR)
    st.write("…")
