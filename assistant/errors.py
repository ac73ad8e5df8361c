"""Errors a user can hit. Each carries a catalog key and parameters, so the UI
and the CLI can say it in the user's language."""

from __future__ import annotations

from typing import Any


class ForumError(Exception):
    """Base for every error shown to a user."""

    key = "error.generic"

    def __init__(self, **params: Any) -> None:
        self.params = params
        super().__init__(f"{self.key} {params}" if params else self.key)

    def message(self, language: str | None = None) -> str:
        from assistant.i18n import translate

        return translate(self.key, language, **self.params)

    def public_message(self, language: str | None = None) -> str:
        """What a participant or a stranger is told: the same, unless the error names what only
        the people running the forum should see (a server's paths and settings)."""
        return self.message(language)


class ReasonedError(ForumError):
    """An error with one message per `reason`: catalog key "<key>.<reason>"."""

    def message(self, language: str | None = None) -> str:
        from assistant.i18n import translate

        return translate(f"{self.key}.{self.params.get('reason')}", language, **self.params)


class SettingsError(ForumError):
    """A `FORUM_*` variable the settings cannot take: `names` says which, `reason` why
    (pydantic's words, for the operator's terminal and the server's log)."""

    key = "error.settings"

    @classmethod
    def of(cls, exc: Exception) -> SettingsError:
        """From pydantic's ValidationError of the settings: the variables and its reasons
        (never the values: one may be a key)."""
        problems = [(f"FORUM_{str(error['loc'][0]).upper()}" if error.get("loc") else "FORUM_*", error["msg"])
                    for error in exc.errors(include_url=False, include_input=False)]  # type: ignore[attr-defined]
        return cls(names=", ".join(dict.fromkeys(name for name, _ in problems)),
                   reason="; ".join(f"{name}: {why}" for name, why in problems))

    def public_message(self, language: str | None = None) -> str:
        from assistant.i18n import translate

        return translate("error.settings_public", language, names=self.params.get("names", ""))


class EmptyQueryError(ForumError):
    key = "error.empty_query"


class CorpusMissingError(ForumError):
    key = "error.corpus_missing"


class CorpusEmptyError(ForumError):
    key = "error.corpus_empty"


class EmbeddingModelError(ForumError):
    """The configured embedding model can't be loaded; names the setting."""

    key = "error.embedding_model"


class IndexNotReadyError(ForumError):
    key = "error.index_not_ready"


class EvalFileError(ForumError):
    key = "error.eval_file"


# Live sessions -----------------------------------------------------------


class InvalidInputError(ForumError):
    """A field the user typed is empty, too long or contains forbidden characters."""

    key = "error.invalid_input"

    def message(self, language: str | None = None) -> str:
        from assistant.i18n import translate

        field = translate(f"field.{self.params.get('field')}", language)
        reason = self.params.get("reason", "empty")
        return translate(f"error.invalid_input.{reason}", language, **{**self.params, "field": field})


class JoinCodeError(ForumError):
    key = "error.join_code"


class AccessDeniedError(ForumError):
    """A link or token that does not grant this action (never says which part was wrong)."""

    key = "error.access_denied"


class OtherTeamError(AccessDeniedError):
    """A team lead's link acting on another team than its own."""

    key = "error.other_team"


class CreateCodeError(ForumError):
    """Creating a forum on this server needs the operator's code (FORUM_CREATE_CODE)."""

    key = "error.create_code"


class WrongPinError(ForumError):
    """`seconds`: how long before the next try is taken (0: at once)."""

    key = "error.wrong_pin"

    def message(self, language: str | None = None) -> str:
        from assistant.i18n import translate

        text = translate(self.key, language)
        seconds = self.params.get("seconds") or 0
        if seconds:
            text += " " + translate("error.try_again_in", language, wait=waiting_time(seconds, language))
        return text


def waiting_time(seconds: int, language: str | None = None) -> str:
    """"30 שניות", "2 דקות", "ساعة واحدة": a wait, rounded up to what people count in."""
    from assistant.i18n import translate

    if seconds < 90:
        return translate("duration.seconds", language, count=int(seconds))
    if seconds < 90 * 60:
        return translate("duration.minutes", language, count=-(-int(seconds) // 60))
    return translate("duration.hours", language, count=-(-int(seconds) // 3600))


class TryLaterError(ReasonedError):
    """Too many tries of something guessable or costly (`reason`: a `forum.guard.Scope` value,
    "pin", "join-code", "link" or "join"); `seconds` until the next is taken."""

    key = "error.try_later"

    def message(self, language: str | None = None) -> str:
        from assistant.i18n import translate

        wait = waiting_time(int(self.params.get("seconds") or 1), language)
        return translate(f"{self.key}.{self.params.get('reason')}", language, **{**self.params, "wait": wait})


class ForumFullError(ForumError):
    """As many people joined the forum as its facilitator allows (`limit`)."""

    key = "error.forum_full"


class LocalOnlyError(ForumError):
    """Creating or restoring a forum from the home page, on a server with no creation code,
    from another machine than the server's own."""

    key = "error.local_only"


class NotFoundError(ForumError):
    """`what` (a record's kind, such as "poll") is named in the user's language."""

    key = "error.not_found"

    def message(self, language: str | None = None) -> str:
        from assistant.i18n import name_of, translate

        what = self.params.get("what")
        if what is None:
            return super().message(language)
        return translate(self.key, language, **{**self.params, "what": name_of("what", what, language)})


class ForumGoneError(NotFoundError):
    """The forum a link or a page was for no longer exists (it was deleted)."""

    key = "error.forum_gone"


class CollectionClosedError(ForumError):
    key = "error.collection_closed"


class IdeaLimitError(ForumError):
    """A participant sent as many ideas at this step as one person may (`limit`)."""

    key = "error.idea_limit"


class IdeaLockedError(ReasonedError):
    """An author's idea that can no longer be changed; `reason` is an `IdeaLock`."""

    key = "error.idea_locked"


class DeletionNotConfirmedError(ForumError):
    """Deleting a forum needs its join code typed again; nothing was deleted."""

    key = "error.deletion_not_confirmed"


class PollNotOpenError(ForumError):
    key = "error.poll_not_open"


class PublicUrlMissingError(ForumError):
    """The papers to print carry the address phones open, which only the settings know here."""

    key = "error.public_url_missing"


class PollHasBallotsError(ForumError):
    """Deleting a vote people have cast ballots in takes saying so; nothing was deleted."""

    key = "error.poll_has_ballots"


class InvalidBallotError(ReasonedError):
    """A ballot that breaks the poll's rules. `criteria`, when given, is the poll's criteria
    (keys such as "impact"), named in the message in the user's language."""

    key = "error.invalid_ballot"

    def message(self, language: str | None = None) -> str:
        from assistant.i18n import joined, name_of, translate

        criteria = self.params.get("criteria")
        if not isinstance(criteria, (tuple, list)):
            return super().message(language)
        names = joined([name_of("criterion", c, language) for c in criteria], language)
        return translate(f"{self.key}.{self.params.get('reason')}", language, **{**self.params, "criteria": names})


class InvalidPollError(ForumError):
    key = "error.invalid_poll"


class StoreError(ForumError):
    """The database can't be used now. The facilitator is told where and why (`path`); a
    participant only that the forum can't save right now and to try again in a minute."""

    def public_message(self, language: str | None = None) -> str:
        from assistant.i18n import translate

        return translate("error.store_public", language)


class StoreBusyError(StoreError):
    """The database stayed locked longer than the busy timeout."""

    key = "error.store_busy"


class StoreReadOnlyError(StoreError):
    key = "error.store_read_only"


class StoreUnavailableError(StoreError):
    key = "error.store_unavailable"


# The assistant's language model ---------------------------------------------


class LlmSetupError(ForumError):
    """FORUM_LLM (or a setting beside it) names a model that cannot be set up."""

    key = "error.llm_setup"


class LlmUnavailableError(ForumError):
    """The language model's server refused, failed or could not be reached."""

    key = "error.llm_unavailable"


class LlmTimeoutError(ForumError):
    key = "error.llm_timeout"


class LlmEmptyAnswerError(ForumError):
    key = "error.llm_empty"


class PromptFileError(ForumError):
    """A prompt file under prompts/ is missing or malformed."""

    key = "error.prompt_file"


# Documents and exports -----------------------------------------------------


class UnknownForumError(ForumError):
    """A forum number given on the command line that the database does not hold."""

    key = "error.unknown_forum"


class WorkPlanConflictError(ForumError):
    """The work plan was saved by someone else since this copy was loaded."""

    key = "error.work_plan_conflict"


class ExportWriteError(ForumError):
    key = "error.export_write"


class BackupError(ReasonedError):
    """A forum backup that cannot be read or restored (`reason`: unreadable with `path` and
    `why`, too_large, not_json, not_backup, newer, invalid with `where`); nothing was written."""

    key = "error.backup"


class IndicatorFileError(ReasonedError):
    """A file of indicators that cannot be imported (`reason`: too_large with `limit` (MB), kind
    with `name`, unreadable, empty, too_many with `limit`, columns with `missing` (column keys),
    `names` (their headers in each language) and `found` (the file's headers), rows with
    `problems`); nothing was imported."""

    key = "error.indicators"
    SHOWN = 12  # problems listed; the rest counted

    def message(self, language: str | None = None) -> str:
        from assistant.i18n import isolate, translate

        reason = self.params.get("reason")
        if reason == "columns":
            names = self.params["names"]  # the missing columns' template headers, by language
            missing = ", ".join(f"«{name}»" for name in names.get(language) or names["he"])
            found = ", ".join(f"«{isolate(h)}»" for h in self.params.get("found", ())) or "—"
            return translate("error.indicators.columns", language, missing=missing, found=found)
        if reason != "rows":
            return super().message(language)
        problems = self.params["problems"]
        # The file's own text isolated: "=SUM(A1:A3)" keeps its order inside a right-to-left line.
        lines = [translate(f"indicators.problem.{p.kind}", language, row=p.row, column=f"«{isolate(p.column)}»",
                           value=f"«{isolate(p.value)}»", other=p.other_row) for p in problems[: self.SHOWN]]
        if len(problems) > self.SHOWN:
            lines.append(translate("error.indicators.more", language, count=len(problems) - self.SHOWN))
        head = translate("error.indicators.rows", language, count=len(problems))
        return "\n".join([head, *(f"- {line}" for line in lines)])


class ClusterError(ReasonedError):
    """`forum-assistant cluster` cannot start (`reason`: memory, no_proxy with `program`,
    processes, port_busy with `port`, exited with `name`, `code` and `log`, timeout with
    `name` and `log`)."""

    key = "error.cluster"
