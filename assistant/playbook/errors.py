"""The one error a broken playbook raises: it names the file and the field."""

from __future__ import annotations

from assistant.errors import ForumError


class PlaybookError(ForumError):
    """`file` is the playbook file, `field` a path inside it (`steps[2].minutes`),
    `reason` what is wrong with it."""

    key = "error.playbook"

    def __init__(self, file: str, field: str, reason: str) -> None:
        super().__init__(file=file, field=field, reason=reason)

    @property
    def file(self) -> str:
        return self.params["file"]

    @property
    def field(self) -> str:
        return self.params["field"]

    @property
    def reason(self) -> str:
        return self.params["reason"]
