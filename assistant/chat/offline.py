"""The offline answerer (the default, no language model): the playbook card
that goes with the question, then the sentences of the best passages that
answer it, each with a numbered citation. Weak evidence and no card: it says
the documents do not cover the question. A question about the room's own votes, ideas or
attendance is answered from the forum's data."""

from __future__ import annotations

from dataclasses import dataclass, replace

from assistant.chat.answer import Answer, AnswerStream, Citation, Mode
from assistant.chat.context import ForumContext, progress_lines
from assistant.chat.evidence import Evidence, gather
from assistant.chat.facts import FactMatcher
from assistant.chat.guide import (
    DEFAULT_DOMAIN,
    PLAYBOOK_LANGUAGE,
    CardReason,
    GuideCard,
    StepMatcher,
    choose_card,
    topic_in,
)
from assistant.chat.notices import (
    corrected_spelling_notice,
    other_language_notice,
    sources_language_notice,
    unmatched_words_notice,
)
from assistant.chat.room import room_text, room_topic
from assistant.chat.sentences import SentenceScorer
from assistant.corpus.models import Passage
from assistant.i18n import translate
from assistant.playbook.cards import domain_label
from assistant.playbook.models import Fact, Playbook
from assistant.retrieval.engine import Retriever, clean_query
from assistant.text.normalize import collapse_for_match, dominant_script

DEFAULT_PASSAGES = 5
# A passage's sentences looked at for one that reads as a sentence (tables run together don't).
QUOTE_DEPTH = 3
# Evidence above the threshold but below this multiple of it matches only loosely: the answer says so.
LOOSE_FACTOR = 1.7


@dataclass(frozen=True)
class Point:
    """One sentence of the answer and the citation number it comes from."""

    sentence: str
    number: int


@dataclass(frozen=True)
class Draft:
    """What an answer is built from; the LLM answerer prompts with the same material."""

    question: str
    evidence: Evidence
    card: GuideCard | None
    points: tuple[Point, ...]
    citations: tuple[Citation, ...]
    # The script the documents are written in, when the question is in another language.
    documents_script: str | None = None
    language: str | None = None  # the language the question is asked in (the answer's frame)
    fact: Fact | None = None  # a fact of the method the question asks for: said first

    @property
    def fact_refs(self) -> str:
        ids = {pid for e in self.fact.evidence for pid in e.passage_ids[:1]} if self.fact else set()
        return "".join(f" [{c.number}]" for c in self.citations if c.passage_id in ids)

    @property
    def covered(self) -> bool:
        return self.evidence.covered or self.card is not None or self.fact is not None


class _Numbering:
    def __init__(self, passages: dict[str, Passage]) -> None:
        self._passages = passages
        self.citations: list[Citation] = []

    def number(self, passage_id: str) -> int | None:
        for citation in self.citations:
            if citation.passage_id == passage_id:
                return citation.number
        passage = self._passages.get(passage_id)
        if passage is None:
            return None
        self.citations.append(Citation(number=len(self.citations) + 1, document=passage.title,
                                       section=passage.section, passage_id=passage.passage_id,
                                       text=passage.text))
        return len(self.citations)


class OfflineAnswerer:
    mode = Mode.OFFLINE

    def __init__(self, retriever: Retriever, playbook: Playbook, *, threshold: float,
                 passages: int = DEFAULT_PASSAGES, scorer: SentenceScorer | None = None,
                 matcher: StepMatcher | None = None, meaning_threshold: float | None = None,
                 elsewhere_margin: float | None = None, facts: FactMatcher | None = None) -> None:
        self.retriever = retriever
        self.playbook = playbook
        self.threshold = threshold
        self.meaning_threshold = meaning_threshold
        self.elsewhere_margin = elsewhere_margin
        self.passages = passages
        self._by_id = {p.passage_id: p for p in retriever.passages}
        self._scorer = scorer or SentenceScorer(retriever.passages, **retriever.shared_analysis())
        self._matcher = matcher or StepMatcher(playbook)
        self._facts = facts or FactMatcher(playbook)

    # Building blocks ------------------------------------------------------------

    def prepare(self, question: str, context: ForumContext, *, search: str | None = None) -> Draft:
        """The material of an answer to `question`; the documents are searched for `search`
        when given (the question in the documents' language, from a language model)."""
        question = clean_query(question)
        spelled = self.retriever.spell(question)  # typing slips and a wrong keyboard layout undone, once
        asked = spelled.text
        # The answer's frame speaks the question's language, but for "what now?" and "what next?",
        # whose cards come read from the forum in the screen's language.
        spoken = self._in_language_of(asked, context)
        card = choose_card(self.playbook, self._matcher, asked, spoken)
        if card is not None and card.reason in (CardReason.NOW, CardReason.NEXT) and spoken is not context:
            card = choose_card(self.playbook, self._matcher, asked, context)
        else:
            context = spoken
        about_the_room = card is not None and card.about_the_room  # not a question for the documents
        foreign = None if about_the_room else self.retriever.foreign_to_documents(asked)
        # "What now?" has no topic words of its own, and a question in another language shares
        # none with the documents: both search the documents for the card's topic, in their language.
        if search is not None:
            query = clean_query(search)
        elif card is not None and (about_the_room or foreign):
            query = self._topic(card, context) or question
        else:
            query = spelled
        evidence = gather(self.retriever, query, self.threshold, meaning_threshold=self.meaning_threshold,
                          elsewhere_margin=self.elsewhere_margin)
        # A question about something else (a city's services) states no fact of the method that
        # its words happen to touch ("when ... municipal" is not the meetings' timetable).
        fact = None if about_the_room or evidence.nearer_elsewhere else self._facts.match(asked)
        numbering = _Numbering(self._by_id)
        for evidence_ in fact.evidence if fact else ():
            for passage_id in evidence_.passage_ids[:1]:
                numbering.number(passage_id)
        for passage_id in card.passage_ids if card else ():
            numbering.number(passage_id)
        # Sentences are chosen by the question's words in the documents' language.
        points = self._points(evidence.worded or evidence.question, evidence, numbering) if evidence.covered else ()
        return Draft(question=question, evidence=evidence, card=card, points=points,
                     citations=tuple(numbering.citations), documents_script=foreign, language=context.language,
                     fact=fact)

    def _in_language_of(self, asked: str, context: ForumContext) -> ForumContext:
        """`context` in the language `asked` is written in (Hebrew, Arabic, or English when no
        word of it is a document's), else as it is."""
        script = dominant_script(asked)
        language = {"he": "he", "ar": "ar"}.get(script)
        if script == "latin" and self.retriever.foreign_to_documents(asked) is not None:
            language = "en"
        return replace(context, language=language) if language and language != context.language else context

    def _topic(self, card: GuideCard, context: ForumContext) -> str:
        language = PLAYBOOK_LANGUAGE.get(self.retriever.written_in[0]) if self.retriever.written_in else None
        if language is None or language == context.language:
            return card.topic
        domain = context.forum.domain if context.forum else DEFAULT_DOMAIN
        return topic_in(self.playbook, card, language, domain)

    def _points(self, question: str, evidence: Evidence, numbering: _Numbering) -> tuple[Point, ...]:
        """The best sentence of each of the top passages, in retrieval order. (Re-ranking
        passages by their best sentence did no better on the dev and validation questions.)"""
        terms = self._scorer.question(question)
        points: list[Point] = []
        cited = 0
        for result in evidence.results:
            if cited == self.passages:
                break
            used = [collapse_for_match(p.sentence) for p in points]
            ranked = [s for s, _ in self._scorer.ranked(terms, result.passage.text)]
            fresh = [s for s in ranked if not _repeats(collapse_for_match(s), used)]
            if not fresh:
                continue  # all it says is quoted already
            cited += 1
            number = numbering.number(result.passage.passage_id)  # cited even when nothing in it reads well
            sentence = next((s for s in fresh[:QUOTE_DEPTH] if self._scorer.quotable(result.passage.text, s)), None)
            if sentence is not None:
                points.append(Point(sentence=sentence, number=number))
        return tuple(points)

    def compose(self, draft: Draft, context: ForumContext) -> Answer:
        if draft.language and draft.language != context.language:
            context = replace(context, language=draft.language)
        say = lambda key, **kw: translate(key, context.language, **kw)  # noqa: E731
        blocks: list[str] = []
        card = draft.card
        if draft.fact is not None:  # the method's answer in one sentence, first
            domain = context.forum.domain if context.forum else DEFAULT_DOMAIN
            blocks.append(draft.fact.says.render(context.language, domain_label(self.playbook, domain,
                                                                                 context.language))
                          + draft.fact_refs)
        if card is not None:
            refs = "".join(f" [{c.number}]" for c in draft.citations if c.passage_id in card.passage_ids)
            blocks.append("\n".join([say(f"chat.card.intro_{card.reason}") + " " + card.heading + refs,
                                     *card.lines]))
            if card.reason in (CardReason.NOW, CardReason.NEXT):
                blocks.extend(_state_lines(context))
        loose = draft.evidence.strength < LOOSE_FACTOR * draft.evidence.threshold
        hint = _unmatched_hint(draft, context.language) if loose or not draft.points else ""
        if draft.points:
            if loose:
                blocks.append(" ".join(filter(None, [say("chat.loose_match"), hint])))
            blocks.append("\n".join([say("chat.from_documents")]
                                    + [f"• {p.sentence} [{p.number}]" for p in draft.points]))
            quoted = {p.number for p in draft.points}
            also = [c.number for c in draft.citations if c.number not in quoted
                    and c.passage_id not in (card.passage_ids if card else ())
                    and f"[{c.number}]" not in draft.fact_refs]
            if also:  # cited, though nothing in them reads well enough to quote (a table run together)
                blocks.append(say("chat.see_also", refs=" ".join(f"[{n}]" for n in also)))
            if draft.documents_script is not None:  # found across languages: say the sources' language once
                blocks.append(sources_language_notice(draft.documents_script, context.language))
        elif card is not None and not draft.evidence.covered:
            blocks.append(say("chat.documents_silent"))
        if draft.documents_script is not None and not draft.points and not draft.evidence.nearer_elsewhere:
            # (A question read by meaning and found to be about something else is told so, below.)
            blocks.append(other_language_notice(draft.documents_script, context.language))
        if not blocks:
            blocks.append(say("chat.not_covered"))
        if hint and not draft.points:
            blocks.append(hint)
        if draft.evidence.corrections and draft.documents_script is None:
            blocks.insert(0, corrected_spelling_notice(draft.evidence.corrections, context.language))
        return Answer(question=draft.question, text="\n\n".join(blocks), citations=draft.citations,
                      mode=Mode.OFFLINE, covered=draft.covered, strength=draft.evidence.strength, card=card,
                      searched=draft.evidence.question)

    def about_the_room(self, question: str, context: ForumContext) -> Answer | None:
        """The forum's own results, ideas or attendance, when that is what the question asks
        for (no documents)."""
        question = clean_query(question)
        topic = room_topic(question)
        if topic is None:
            return None
        return Answer(question=question, text=room_text(question, context, topic), citations=(), mode=Mode.OFFLINE,
                      basis=topic)

    # The Answerer protocol --------------------------------------------------------

    def answer(self, question: str, context: ForumContext) -> Answer:
        return self.about_the_room(question, context) or self.compose(self.prepare(question, context), context)

    def stream(self, question: str, context: ForumContext) -> AnswerStream:
        answer = self.answer(question, context)
        return AnswerStream([answer.text], lambda _text: answer)


def _repeats(sentence: str, used: list[str]) -> bool:
    """Overlapping passages share sentences, one of them often cut short at a passage's edge."""
    return any(sentence in other or other in sentence for other in used)


def _unmatched_hint(draft: Draft, language: str) -> str:
    """The question's words the documents never use, so the facilitator can put them
    differently (not for a question in another language: the notice says why)."""
    unmatched = draft.evidence.words.unmatched
    if not unmatched or draft.documents_script is not None:
        return ""
    return unmatched_words_notice(unmatched, language)


def _state_lines(context: ForumContext) -> list[str]:
    """Where the room stands on the current step, for "what now?" answers."""
    say = lambda key, **kw: translate(key, context.language, **kw)  # noqa: E731
    lines = progress_lines(context)
    poll = context.poll_for_step()
    if poll is not None:
        lines.append(say(f"chat.state.poll_{poll.status}", title=poll.title, voters=poll.voters,
                         count=context.participants))
    return lines
