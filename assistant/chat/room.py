"""Questions about the room's own votes ("what did the vote decide?", "who won in meeting 2?"):
answered from the forum's results, exactly, never from the documents."""

from __future__ import annotations

from assistant.chat.context import ForumContext, PollView
from assistant.chat.guide import mentioned_meeting
from assistant.i18n import translate
from assistant.text.normalize import normalize, prefix_variants, words

# Words that ask for an outcome, and words that say it is a vote's: a question needs one of
# each ("the results of the vote"), as "results" alone is also the documents' subject
# (an infrastructure's results); "won" does too, in a short question ("who won?").
_OUTCOME = ("תוצאות", "תוצאה", "תוצאת", "הוחלט", "החלטנו", "נבחר", "נבחרה", "נבחרו", "בחרנו", "יצא", "יצאו",
            "result", "results", "outcome", "decided", "chosen", "نتائج", "نتيجة", "اختير", "اخترنا", "تقرر")
_VOTE = ("הצבעה", "הצבעות", "הצבענו", "הצביעו", "סקר", "דירגנו", "vote", "votes", "voted", "voting", "poll",
         "ballot", "تصويت", "التصويت", "صوتنا", "صوتوا", "استطلاع")
_WON = ("ניצח", "ניצחה", "ניצחו", "won", "winner", "wins", "فاز", "فازت")
SHORT = 4  # words: "who won?" needs no vote word; "who won the world cup in 2018?" is not about ours
_LAST = ("אחרונה", "אחרון", "last", "latest", "الأخير", "الأخيرة")


def _forms(words_: tuple[str, ...]) -> frozenset[str]:
    return frozenset(normalize(w) for w in words_)


OUTCOME, VOTE, WON, LAST = _forms(_OUTCOME), _forms(_VOTE), _forms(_WON), _forms(_LAST)


def _terms(question: str) -> set[str]:
    terms: set[str] = set()
    for word in words(question):
        terms.add(word)
        terms.update(prefix_variants(word))
    return terms


def asks_for_results(question: str) -> bool:
    terms = _terms(question)
    if not terms & VOTE:
        return bool(terms & WON) and len(words(question)) <= SHORT
    return bool(terms & (OUTCOME | WON))


def _meeting_to_show(context: ForumContext, asked: int | None) -> tuple[int | None, bool]:
    """The meeting whose votes answer, and whether it is another than the one asked about
    (none asked: the current meeting, or the latest one with votes)."""
    if asked is not None:
        return asked, False
    current = context.meeting
    voted = [p.meeting for p in context.polls if p.voted]
    if current is not None and current in voted:
        return current, False
    earlier = [m for m in voted if current is None or m < current]
    return (max(earlier), current is not None) if earlier else (current, False)


def _poll_lines(poll: PollView, language: str) -> list[str]:
    say = lambda key, **kw: translate(key, language, **kw)  # noqa: E731
    voters = say("count.voters", count=poll.voters + poll.paper_voters)
    if poll.paper_voters:
        voters = f"{voters} {say('chat.results.paper', count=poll.paper_voters)}"
    lines = [say("chat.results.poll", title=" ".join(poll.title.split()), method=say(f"method.{poll.method}"),
                 status=say(f"poll_status.{poll.status}"), voters=voters)]
    unit = say(f"results.score_{poll.method}")
    lines += [say("chat.results.line", rank=rank, label=" ".join(label.split()), unit=unit, score=f"{score:g}")
              for rank, (label, score) in enumerate(poll.leaders, 1)]
    return lines


def results_text(question: str, context: ForumContext) -> str:
    """The answer: each vote of the meeting asked about (or the current one), best first."""
    say = lambda key, **kw: translate(key, context.language, **kw)  # noqa: E731
    if not context.has_forum:
        return say("chat.results.no_forum")
    meeting, instead = _meeting_to_show(context, mentioned_meeting(question))
    polls = [p for p in context.polls if p.meeting == meeting and p.voted]
    if meeting is None or not polls:
        return say("chat.results.none", n=meeting or context.meeting or 1)
    if _terms(question) & LAST:  # "the last vote": the one made last
        polls = polls[-1:]
    head = (say("chat.results.instead", current=context.meeting, n=meeting) if instead
            else say("chat.results.head", n=meeting))
    blocks = ["\n".join(_poll_lines(poll, context.language)) for poll in polls]
    return "\n\n".join([head, *blocks])
