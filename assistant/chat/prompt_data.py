"""The variables an answer prompt is filled with. Everything that is not our
own instruction text goes in tagged blocks that the prompt declares to be data:
participant text (and the facilitator's notes) in <participant_data>, the documents in <passages>, the
facilitator's question in <question>. Angle brackets inside the data are
replaced, so no text can close a block early or open a new one."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.chat.answer import Citation
from assistant.chat.context import ForumContext, progress_lines
from assistant.chat.guide import GuideCard
from assistant.corpus.cleaning import reading_order
from assistant.i18n import translate

PARTICIPANT_DATA = "participant_data"
PASSAGES = "passages"
QUESTION = "question"
PLAYBOOK = "playbook"
MAX_IDEAS = 40
MAX_NOTES = 20  # the latest
MAX_PASSAGE_CHARS = 1500
LANGUAGE_NAMES = {"he": "עברית", "ar": "العربية", "en": "English"}


def neutralise(text: str) -> str:
    """Data text that cannot open or close a tag."""
    return text.replace("<", "‹").replace(">", "›")


def block(tag: str, text: str) -> str:
    return f"<{tag}>\n{neutralise(text)}\n</{tag}>"


def forum_state(context: ForumContext) -> str:
    """Where the room stands, in our own words (no participant text)."""
    say = lambda key, **kw: translate(key, context.language, **kw)  # noqa: E731
    if context.card is None:
        return say("chat.prompt.no_forum")
    card = context.card
    lines = [say("chat.prompt.step", meeting=card.meeting, meeting_title=card.meeting_title,
                 position=card.position, steps=card.steps, title=card.title)]
    lines += progress_lines(context)
    lines.append(say("chat.prompt.participants", count=context.participants))
    if context.in_room is not None:
        lines.append(say("chat.prompt.in_room", count=context.in_room.total))
    return "\n".join(lines)


def participant_data(context: ForumContext) -> str:
    """Ideas and poll options as written by participants, and the facilitator's notes:
    data, never instructions."""
    lines = [f"- {' '.join(idea.text.split())}" for idea in context.ideas[:MAX_IDEAS]]
    for poll in context.polls:
        if poll.leaders:
            voters = f"{poll.voters}+{poll.paper_voters}" if poll.paper_voters else str(poll.voters)
            lines.append(f"# {' '.join(poll.title.split())} ({voters})")
            lines += [f"  {i}. {' '.join(label.split())} — {score:g}" for i, (label, score) in
                      enumerate(poll.leaders, 1)]
    if context.notes:
        lines.append(f"# {translate('summary.notes', context.language)}")
        lines += [f"- {' '.join(note.text.split())}" for note in context.notes[-MAX_NOTES:]]
    return block(PARTICIPANT_DATA, "\n".join(lines))


def guide_text(card: GuideCard | None, citations: Sequence[Citation]) -> str:
    if card is None:
        return block(PLAYBOOK, "-")
    refs = "".join(f" [{c.number}]" for c in citations if c.passage_id in card.passage_ids)
    return block(PLAYBOOK, "\n".join([card.heading + refs, *card.lines]))


def passages_text(citations: Sequence[Citation]) -> str:
    parts = [f"[{c.number}] {c.document} · {reading_order(c.section)}\n{reading_order(c.text)[:MAX_PASSAGE_CHARS]}"
             for c in citations]
    return block(PASSAGES, "\n\n".join(parts) or "-")


def answer_variables(question: str, context: ForumContext, card: GuideCard | None,
                     citations: Sequence[Citation]) -> dict[str, str]:
    return {
        "language": LANGUAGE_NAMES.get(context.language, context.language),
        "forum_state": forum_state(context),
        "participant_data": participant_data(context),
        "playbook": guide_text(card, citations),
        "passages": passages_text(citations),
        "question": block(QUESTION, question),
    }
