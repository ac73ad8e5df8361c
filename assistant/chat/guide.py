"""The playbook card that goes with a question: the step it asks about, the
meeting it names, or (when it asks "what now?" / "what next?") the forum's
current or next step. Cards are rendered as plain lines in the asker's language."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from assistant.chat.context import ForumContext
from assistant.forum.vocabulary import MobilityDomain
from assistant.i18n import joined, translate
from assistant.playbook.cards import (
    EvidenceCard,
    MeetingCard,
    StepCard,
    domain_label,
    meeting_card,
    step_card,
)
from assistant.playbook.models import LANGUAGES, Playbook
from assistant.text.normalize import LANGUAGE_OF_SCRIPT, normalize, words
from assistant.text.tfidf import Tfidf

# A step is the subject of a question when their char n-gram cosine reaches this
# (tests/data/playbook_steps.he.jsonl all score 0.24 or more; off-topic questions stay under 0.11
# and 43 of the 45 general dev questions under it).
STEP_MATCH = 0.24
DEFAULT_DOMAIN = MobilityDomain.STEM  # the guide's own worked example
# The playbook's language for each script documents are written in: the app's own languages.
PLAYBOOK_LANGUAGE = LANGUAGE_OF_SCRIPT
CARD_PASSAGES = 2


class CardReason(StrEnum):
    ASKED = "asked"  # the question is about this step
    MEETING = "meeting"  # the question names this meeting
    NOW = "now"  # the question asks what to do now
    NEXT = "next"  # the question asks what comes next


@dataclass(frozen=True)
class GuideCard:
    reason: CardReason
    meeting: int
    step_id: str | None
    heading: str
    lines: tuple[str, ...]
    passage_ids: tuple[str, ...]
    topic: str = ""  # what the card is about in a few words (its title and goal): a search query

    @property
    def about_the_room(self) -> bool:
        """Asked as "what now?" / "what next?": the card, not the question's words, says what it is about."""
        return self.reason in (CardReason.NOW, CardReason.NEXT)


_ORDINALS = {
    1: ("ראשון", "ראשונה", "הראשון", "הראשונה", "1", "first", "الاول", "الأول", "الاولى", "الأولى"),
    2: ("שני", "שניה", "שנייה", "השני", "השניה", "השנייה", "2", "second", "الثاني", "الثانية"),
    3: ("שלישי", "שלישית", "השלישי", "השלישית", "3", "third", "الثالث", "الثالثة"),
    4: ("רביעי", "רביעית", "הרביעי", "הרביעית", "אחרון", "אחרונה", "האחרון", "האחרונה", "4", "fourth",
        "last", "final", "الرابع", "الرابعة", "الاخير", "الأخير"),
}
_MEETING_WORDS = ("מפגש", "פגישה", "פגישת", "meeting", "لقاء", "اللقاء", "الاجتماع", "اجتماع")
_NOW_WORDS = frozenset(normalize(w) for w in ["עכשיו", "כעת", "now", "currently", "الان", "الآن", "حاليا"])
_NEXT_WORDS = frozenset(normalize(w) for w in ["הבא", "הבאה", "next", "التالي", "التالية"])
_STEP_WORDS = frozenset(normalize(w) for w in
                        ["שלב", "השלב", "בשלב", "צעד", "הצעד", "step", "stage", "المرحلة", "مرحلة", "الخطوة", "خطوة"])
_THIS_WORDS = frozenset(normalize(w) for w in ["הזה", "הזאת", "הנוכחי", "this", "current", "هذه", "هذا", "الحالية", "الحالي"])
SHORT_QUESTION = 6  # words; "what now?" questions are short or name the step
_PREFIXES = "ובלמשהכ"


def _ordinal_of(word: str) -> int | None:
    for number, forms in _ORDINALS.items():
        if word in {normalize(f) for f in forms}:
            return number
    return None


def mentioned_meeting(question: str) -> int | None:
    """The meeting a question names ("במפגש השני", "meeting 3", "اللقاء الأول"), if any."""
    tokens = words(question)
    anchors = {normalize(w) for w in _MEETING_WORDS}
    for i, token in enumerate(tokens):
        bare = re.sub(f"^[{_PREFIXES}]{{1,3}}(?=מפגש|פגיש)", "", token)
        if bare not in anchors and token not in anchors:
            continue
        for neighbour in (tokens[i + 1:i + 3] + tokens[max(i - 1, 0):i]):
            number = _ordinal_of(neighbour)
            if number is not None:
                return number
    return None


def asks_about(question: str) -> CardReason | None:
    """NOW or NEXT for "what do I do now?", "what is the next step?"; None otherwise."""
    tokens = words(question)
    about_steps = bool(set(tokens) & _STEP_WORDS) or len(tokens) <= SHORT_QUESTION
    if not about_steps:
        return None
    if set(tokens) & _NEXT_WORDS:
        return CardReason.NEXT
    if set(tokens) & _NOW_WORDS or (set(tokens) & _THIS_WORDS and set(tokens) & _STEP_WORDS):
        return CardReason.NOW
    return None


class StepMatcher:
    """Finds the playbook step a question is about, in any of the three languages."""

    def __init__(self, playbook: Playbook, domain: MobilityDomain | str = DEFAULT_DOMAIN) -> None:
        self._keys: list[tuple[int, str]] = []
        documents: list[str] = []
        for meeting in playbook.meetings:
            for step in meeting.steps:
                parts = []
                for lang in LANGUAGES:
                    label = domain_label(playbook, domain, lang)
                    parts += [step.title.render(lang, label)] * 2 + [step.goal.render(lang, label)]
                self._keys.append((meeting.number, step.id))
                documents.append(normalize(" ".join(parts)))
        self._vectorizer = Tfidf("char_wb", (3, 5), sublinear_tf=True)
        self._matrix = self._vectorizer.fit_transform(documents)

    def scores(self, question: str) -> list[tuple[int, str, float]]:
        row = (self._matrix @ self._vectorizer.transform([normalize(question)]).T).toarray().ravel()
        return [(number, step_id, float(score))
                for (number, step_id), score in zip(self._keys, row, strict=True)]

    def match(self, question: str, meeting: int | None = None) -> tuple[int, str, float] | None:
        candidates = [s for s in self.scores(question) if meeting is None or s[0] == meeting]
        if not candidates:
            return None
        best = candidates[int(np.argmax([s[2] for s in candidates]))]
        return best if best[2] >= STEP_MATCH else None


def _first_passages(evidence: tuple[EvidenceCard, ...]) -> tuple[str, ...]:
    ids = [e.passage_ids[0] for e in evidence if e.passage_ids]
    return tuple(dict.fromkeys(ids))[:CARD_PASSAGES]


def render_step(card: StepCard, reason: CardReason, language: str) -> GuideCard:
    say = lambda key, **kw: translate(key, language, **kw)  # noqa: E731
    phone = card.phone
    kind = say(f"kind.{phone.kind}") if phone.kind else ""
    method = say(f"method.{phone.method}") if phone.method else ""
    lines = [
        say("chat.card.goal", text=card.goal),
        say("chat.card.do", text=card.facilitator),
        say("chat.card.say", text=card.script),
        say("chat.card.time", count=card.minutes, start=card.offset,
            end=card.offset + card.minutes, total=card.meeting_minutes),
        say(f"chat.card.phones_{phone.action}", kind=kind, method=method),
    ]
    lines += [say("chat.card.tip", text=tip) for tip in card.tips[:2]]
    heading = say("chat.card.step", meeting=card.meeting, position=card.position, steps=card.steps,
                  title=card.title)
    return GuideCard(reason=reason, meeting=card.meeting, step_id=card.step_id, heading=heading,
                     lines=tuple(lines), passage_ids=_first_passages(card.evidence),
                     topic=_step_topic(card))


def _step_topic(card: StepCard) -> str:
    return f"{card.title}. {card.goal}"


def topic_in(playbook: Playbook, card: GuideCard, language: str,
             domain: MobilityDomain | str = DEFAULT_DOMAIN) -> str:
    """`card`'s topic in another of the playbook's languages: the playbook says each step in
    Hebrew, Arabic and English, so an Arabic question about a step can search Hebrew documents."""
    if card.step_id is not None:
        return _step_topic(step_card(playbook, card.meeting, card.step_id, language, domain))
    return meeting_card(playbook, card.meeting, language, domain).title


def render_meeting(card: MeetingCard, language: str) -> GuideCard:
    say = lambda key, **kw: translate(key, language, **kw)  # noqa: E731
    lines = [say("chat.card.goals")] + [f"• {goal}" for goal in card.goals]
    lines.append(say("chat.card.outputs", outputs=joined((o.title for o in card.outputs), language, clauses=True)))
    if card.inputs:
        lines.append(say("chat.card.inputs", inputs=joined((o.title for o in card.inputs), language, clauses=True)))
    lines.append(say("chat.card.meeting_time", minutes=card.minutes))
    heading = say("chat.card.meeting", meeting=card.number, title=card.title)
    return GuideCard(reason=CardReason.MEETING, meeting=card.number, step_id=None, heading=heading,
                     lines=tuple(lines), passage_ids=_first_passages(card.evidence), topic=card.title)


def choose_card(playbook: Playbook, matcher: StepMatcher, question: str,
                context: ForumContext) -> GuideCard | None:
    """The card for `question`: the step it is about, else the meeting it names,
    else the current or next step when it asks about now or next."""
    language = context.language
    domain = context.forum.domain if context.forum else DEFAULT_DOMAIN
    meeting = mentioned_meeting(question)
    step = matcher.match(question, meeting)
    if step is not None:
        card = step_card(playbook, step[0], step[1], language, domain)
        return render_step(card, CardReason.ASKED, language)
    if meeting is not None:
        return render_meeting(meeting_card(playbook, meeting, language, domain), language)
    reason = asks_about(question)
    if reason is CardReason.NEXT and context.next_card is not None:
        return render_step(context.next_card, reason, language)
    if reason is not None and context.card is not None:
        return render_step(context.card, CardReason.NOW, language)
    return None


def step_topic(playbook: Playbook, matcher: StepMatcher, question: str, language: str) -> str | None:
    """The title and goal, in `language`, of the playbook step or meeting `question` is about
    (in any of the playbook's languages); None when it is about none."""
    card = choose_card(playbook, matcher, question, ForumContext(language=language))
    return card.topic if card is not None else None
