"""One participant's phone, driven through the real pages: join by the join
link, send ideas one by one, wait until the page itself shows the ballot (its
polling fragment follows the facilitator), cast the ballot. It counts only
what the page confirmed."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from assistant import links
from assistant.forum.vocabulary import Sector
from assistant.i18n import LANGUAGES, translate
from assistant.loadtest.client import BrowserSession, PageTimeout, SessionLost
from assistant.loadtest.page import PageModel, Widget, shown_text
from assistant.ui import state

JOIN_FORM = "phone.join_form"
SEND_IDEA = "phone.send"
BALLOT_PREFIX = state.PHONE_BALLOT_PREFIX + "."
SECTORS = tuple(Sector)
PHRASES = {
    "he": ("מרכז למידה קהילתי פתוח אחר הצהריים", "הסעות לחוגי העשרה מכל השכונות",
           "חונכות של סטודנטים לתלמידים", "מיפוי שנתי של הנתונים ביישוב", "פורום הורים שמוביל יחד עם בית הספר"),
    "ar": ("مركز تعلّم مجتمعي مفتوح بعد الظهر", "مواصلات إلى الأنشطة الإثرائية من كل الأحياء",
           "إرشاد طلاب جامعيين لتلاميذ المدارس"),
}


@dataclass(frozen=True)
class Persona:
    """Who participant number `index` is and what they send: deterministic."""

    index: int
    language: str
    sector: Sector
    name: str | None
    ideas: tuple[str, ...]


def persona(index: int, ideas: int = 3) -> Persona:
    language = "ar" if index % 5 == 4 else "he"
    phrases = PHRASES[language]
    texts = tuple(f"{phrases[(index + n) % len(phrases)]} ({index + 1}.{n + 1})" for n in range(ideas))
    return Persona(index=index, language=language, sector=SECTORS[index % len(SECTORS)],
                   name=None if index % 3 else f"משתתף/ת {index + 1}", ideas=texts)


@dataclass
class Outcome:
    """What this phone saw confirmed, and where it stopped if it failed."""

    index: int
    token: str = ""
    ideas_acked: list[str] = field(default_factory=list)
    ballot: dict[int, int] = field(default_factory=dict)
    ballot_acked: bool = False
    ack_ms: float | None = None   # sending the ballot -> its confirmation
    join_ms: float | None = None  # opening the join link -> the participant's own link
    idea_ms: list[float] = field(default_factory=list)  # sending each idea -> its confirmation
    error: str = ""


class PageError(RuntimeError):
    """The page answered with an error message or an exception."""


def token_of(query_string: str) -> str:
    return parse_qs(query_string).get(links.PARTICIPANT, [""])[0]


def ballot_screen(page: PageModel) -> tuple[int, Widget, list[Widget]] | None:
    """(poll id, send button, dot inputs) once a finished run shows a dot ballot: a number per
    option, or a tick per option for a pick of one dot each."""
    if not page.settled:
        return None
    send = next((w for w in page.widgets_with_prefix(BALLOT_PREFIX) if w.key.endswith(".send")), None)
    if send is None:
        return None
    poll_id = int(send.key.split(".")[2])
    inputs = [w for w in page.widgets_with_prefix(f"{BALLOT_PREFIX}{poll_id}.") if w.kind in ("number_input", "checkbox")]
    return poll_id, send, inputs


def option_of(widget: Widget) -> int:
    return int(widget.key.rsplit(".", 1)[1])


def _answer(page: PageModel, after_run: int, *expected: str):
    """A confirmation among `expected` drawn by a run begun after `after_run` (a `runs_begun`),
    else an error raised, else None."""
    for shown in page.alerts("success", after_run=after_run):
        text = shown_text(shown.element.alert.body)
        # The confirmation's first line, or all of it (a ballot's names what was recorded below).
        if text in expected or text.split("\n", 1)[0].strip() in expected:
            return shown
    errors = [shown_text(s.element.alert.body) for s in page.alerts("error", after_run=after_run)]
    if errors:
        raise PageError(errors[0])
    if page.exceptions:
        raise PageError(page.exceptions[-1])
    return None


class Phone:
    def __init__(self, root_url: str, who: Persona, *, step_timeout: float = 60.0,
                 headers: dict[str, str] | None = None) -> None:
        self.root_url = root_url
        self.headers = headers
        self.who = who
        self.step_timeout = step_timeout
        self.session: BrowserSession | None = None
        self.outcome = Outcome(index=who.index)

    @property
    def page(self) -> PageModel:
        assert self.session is not None
        return self.session.page

    async def _open(self, url: str) -> None:
        if self.session is not None:
            await self.session.close()
        self.session = BrowserSession(url, headers=self.headers)
        await self.session.open(self.step_timeout)

    async def join(self, join_code: str) -> None:
        started = time.perf_counter()
        await self._open(links.join_url(self.root_url, join_code))
        submit = await self.session.wait_for(
            lambda p: p.settled and p.form_submitter(JOIN_FORM), self.step_timeout,
            "join form")
        page = self.page
        language = page.widget(state.LANGUAGE)
        if page.value(language) != [language.proto.options[LANGUAGES.index(self.who.language)].content]:
            # A tap on the language redraws the form in it, before anything else is chosen.
            submit = await self._tap(language, LANGUAGES.index(self.who.language), "the chosen language")
        # The sector's buttons stand outside the form: a tap on one reruns them (a fragment).
        submit = await self._tap(page.widget(state.PHONE_SECTOR), SECTORS.index(self.who.sector), "the sector")
        if self.who.name:
            page.set(page.widget(state.PHONE_NAME), self.who.name)
        before, begun = page.runs_started, page.runs_begun
        await self.session.send(submit)

        def joined(p: PageModel):
            if p.runs_started > before and p.settled and token_of(p.query_string):
                return token_of(p.query_string)
            _answer(p, begun)  # raises on an error message
            return None

        self.outcome.token = await self.session.wait_for(joined, self.step_timeout, "participant link")
        self.outcome.join_ms = (time.perf_counter() - started) * 1000

    async def _tap(self, widget: Widget, index: int, what: str) -> Widget:
        """Taps one of a widget's buttons and waits for the run it asks for; the join form's button."""
        page = self.page
        page.choose(widget, index)
        before = page.runs_begun
        await self.session.send(fragment_id=widget.fragment_id)  # a fragment's widget reruns that fragment
        return await self.session.wait_for(
            lambda p: p.runs_begun > before and p.settled and p.form_submitter(JOIN_FORM),
            self.step_timeout, f"join form after {what}")

    async def reopen(self) -> None:
        """Open the personal link again, as a phone does after a reload or a lost connection."""
        await self._open(links.participant_url(self.root_url, self.outcome.token))
        await self.session.wait_for(lambda p: p.settled, self.step_timeout, "phone page")

    async def send_ideas(self) -> None:
        for text in self.who.ideas:
            area = await self.session.wait_for(lambda p: p.settled and p.widget(state.PHONE_IDEA),
                                               self.step_timeout, "idea box")
            self.page.set(area, text)
            before = self.page.runs_begun
            sent_at = await self.session.send(self.page.widget(SEND_IDEA))
            expected = translate("phone.idea_recorded", self.who.language, text=text[:80])
            shown = await self.session.wait_for(
                lambda p, before=before, expected=expected: _answer(p, before, expected), self.step_timeout,
                "idea confirmation")
            self.outcome.ideas_acked.append(text)
            self.outcome.idea_ms.append((shown.at - sent_at) * 1000)

    async def vote(self, choose: Callable[[int, Sequence[int]], dict[int, int]], wait: float) -> None:
        """Wait (at most `wait` seconds) for the page to show the ballot, then cast it."""
        _, send, inputs = await self.session.wait_for(ballot_screen, wait, "ballot screen")
        ballot = choose(self.who.index, [option_of(w) for w in inputs])
        for widget in inputs:
            dots = ballot.get(option_of(widget), 0)
            self.page.set(widget, bool(dots) if widget.kind == "checkbox" else dots)
        self.outcome.ballot = ballot
        before = self.page.runs_begun
        sent_at = await self.session.send(send)
        # Recorded, or replaced when an earlier ballot of this phone reached the database unconfirmed.
        expected = (translate("phone.ballot_recorded", self.who.language),
                    translate("phone.ballot_replaced", self.who.language))
        shown = await self.session.wait_for(lambda p: _answer(p, before, *expected), self.step_timeout,
                                            "ballot confirmation")
        self.outcome.ballot_acked = True
        self.outcome.ack_ms = (shown.at - sent_at) * 1000

    async def run(self, step, *args) -> bool:
        """Run one stage; a failure is recorded (the first one wins), never raised."""
        if self.outcome.error:
            return False
        try:
            await step(*args)
            return True
        except (SessionLost, PageTimeout, PageError) as exc:
            self.outcome.error = f"{step.__name__}: {exc}"
        except OSError as exc:
            self.outcome.error = f"{step.__name__}: {type(exc).__name__}: {exc}"
        return False

    async def close(self) -> None:
        if self.session is not None:
            await self.session.close()
