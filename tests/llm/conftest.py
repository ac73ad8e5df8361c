"""The LLM tests reuse the assistant's session fixtures."""

from tests.chat.conftest import offline, shipped_playbook_for_chat  # noqa: F401
