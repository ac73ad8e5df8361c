"""The facilitation playbook of the four design-forum meetings (data in `prompts/playbook/`)."""

from assistant.playbook.errors import PlaybookError
from assistant.playbook.evidence import corpus_passages
from assistant.playbook.loader import load_playbook, playbook_fingerprint
from assistant.playbook.models import Meeting, Playbook, Step

__all__ = [
    "Meeting",
    "Playbook",
    "PlaybookError",
    "Step",
    "corpus_passages",
    "load_playbook",
    "playbook_fingerprint",
]
