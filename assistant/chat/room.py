"""Questions about the room itself, answered from the forum's own data, exactly, never from
the documents: its votes ("what did the vote decide?", "who won in meeting 2?"), the ideas
it sent ("which challenges came up?") and who took part ("how many joined?")."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from assistant.chat.answer import Basis
from assistant.chat.context import ForumContext, PollView
from assistant.chat.guide import mentioned_meeting
from assistant.forum.records import IdeaRecord
from assistant.forum.vocabulary import IdeaKind
from assistant.i18n import joined, translate
from assistant.text.normalize import normalize, prefix_variants, words

# Words that ask for an outcome, and words that say it is a vote's: a question needs one of
# each ("the results of the vote"), as "results" alone is also the documents' subject
# (an infrastructure's results); "won" does too, in a short question ("who won?").
_OUTCOME = ("תוצאות", "תוצאה", "תוצאת", "הוחלט", "החלטנו", "נבחר", "נבחרה", "נבחרו", "בחרנו", "יצא", "יצאו",
            "result", "results", "outcome", "decided", "chosen", "نتائج", "نتيجة", "اختير", "اخترنا", "تقرر")
_VOTE = ("הצבעה", "הצבעות", "הצבענו", "הצביעו", "סקר", "דירגנו", "vote", "votes", "voted", "voting", "poll",
         "ballot", "تصويت", "التصويت", "صوتنا", "صوتوا", "استطلاع")
_WON = ("ניצח", "ניצחה", "ניצחו", "won", "winner", "wins", "فاز", "فازت")
_WE_DECIDED = ("החלטנו", "בחרנו", "הכרענו", "قررنا", "اخترنا")
_WE, _DECIDED, _DID, _DECIDE = ("we",), ("decided", "chose", "picked"), ("did",), ("decide", "choose", "pick")
SHORT = 4  # words: "who won?" needs no vote word; "who won the world cup in 2018?" is not about ours
_LAST = ("אחרונה", "אחרון", "last", "latest", "الأخير", "الأخيرة")

# Ideas: a kind of idea (none named: "ideas", every kind), a word saying the room sent them,
# and a word asking which or how many; never "what do we do with the challenges that came up?".
_KINDS: dict[IdeaKind | None, tuple[str, ...]] = {
    None: ("רעיון", "רעיונות", "idea", "ideas", "فكرة", "أفكار"),
    IdeaKind.CHALLENGE: ("אתגר", "אתגרים", "בעיות", "קשיים", "challenge", "challenges", "problems", "تحدي",
                         "تحديات", "مشاكل"),
    IdeaKind.STRENGTH: ("חוזקה", "חוזקות", "strength", "strengths", "قوة"),
    IdeaKind.PRINCIPLE: ("עיקרון", "עקרון", "עקרונות", "principle", "principles", "مبدأ", "مبادئ"),
    IdeaKind.VISION: ("חזון", "vision", "visions", "رؤية"),
    IdeaKind.TASK: ("משימה", "משימות", "task", "tasks", "مهمة", "مهام"),
    IdeaKind.COMMITMENT: ("התחייבות", "התחייבויות", "commitment", "commitments", "التزام", "التزامات"),
    IdeaKind.SKILL: ("מיומנות", "מיומנויות", "skill", "skills", "مهارة", "مهارات"),
}
_SENT = ("הועלו", "עלו", "הועלה", "עלה", "העלו", "העלינו", "נאספו", "נאסף", "אספנו", "הוצעו", "הוצע", "הציעו",
         "הצענו", "נשלחו", "נשלח", "שלחו", "כתבו", "נכתבו", "כתבנו", "זוהו", "זיהינו", "התקבלו", "קיבלנו",
         "raised", "submitted", "collected", "suggested", "proposed", "sent", "came", "written",
         "طرحت", "طرحنا", "طرحوا", "جمعت", "جمعنا", "اقترحت", "اقترحنا", "اقترحوا", "أرسلت", "كتبت", "وردت")
_WHICH = ("אילו", "איזה", "אלו", "מה", "מהם", "מהן", "כמה", "רשימת", "רשימה", "תן", "הצג", "תראה",
          "which", "what", "list", "show", "many", "ما", "ماذا", "كم", "أي", "اعرض")
_HOW = ("עושים", "לעשות", "איך", "כיצד", "צריך", "צריכים", "כדאי", "מתמודדים", "לטפל", "מטפלים", "ממיינים",
        "למיין", "לדרג", "מדרגים", "how", "should", "handle", "do", "does", "كيف", "يجب", "ينبغي", "نفعل")
# Attendance: how many people, with a word that can only mean this forum's (joined, in the room,
# today), or one that may ("were", "came") beside a meeting; never "how many should take part?".
_HOW_MANY = ("כמה", "מספר", "how", "number", "كم", "عدد")
_PEOPLE = ("משתתפים", "משתתפות", "משתתף", "אנשים", "נוכחים", "איש", "participants", "people", "attendees",
           "persons", "مشاركين", "مشاركون", "المشاركين", "مشاركا", "مشارك", "أشخاص", "حضور", "الحضور")
_OURS = ("הצטרפו", "הצטרף", "בחדר", "היום", "נכחו", "joined", "join", "room", "today", "attended",
         "انضم", "انضموا", "حضر", "حضروا", "اليوم", "القاعة")
_WERE = ("היו", "הגיעו", "השתתפו", "came", "were", "participated", "كانوا", "جاء", "جاؤوا", "شارك", "شاركوا")
_MEETING = ("מפגש", "meeting", "لقاء", "اجتماع")
_SHOULD = ("אמורים", "אמור", "צריכים", "צריך", "מומלץ", "רצוי", "כדאי", "מומלצים", "אידיאלי",
           "should", "recommended", "supposed", "ideal", "need", "يجب", "ينبغي")
_PREVIOUS = ("הקודם", "קודם", "previous", "السابق")


def _forms(words_: tuple[str, ...]) -> frozenset[str]:
    return frozenset(normalize(w) for w in words_)


OUTCOME, VOTE, WON, LAST = _forms(_OUTCOME), _forms(_VOTE), _forms(_WON), _forms(_LAST)
WE_DECIDED, WE, DECIDED, DID, DECIDE = map(_forms, (_WE_DECIDED, _WE, _DECIDED, _DID, _DECIDE))
KINDS = {kind: _forms(forms) for kind, forms in _KINDS.items()}
SENT, WHICH, HOW = _forms(_SENT), _forms(_WHICH), _forms(_HOW)
HOW_MANY, PEOPLE, OURS, WERE, MEETING, SHOULD = map(_forms, (_HOW_MANY, _PEOPLE, _OURS, _WERE, _MEETING, _SHOULD))
PREVIOUS = _forms(_PREVIOUS)
IDEAS_SHOWN = 12  # of each kind; the console lists them all


def _terms(question: str) -> set[str]:
    terms: set[str] = set()
    for word in words(question):
        terms.add(word)
        terms.update(prefix_variants(word))
    return terms


def asks_for_results(question: str) -> bool:
    terms = _terms(question)
    we_decided = terms & WE and (terms & DECIDED or (terms & DID and terms & DECIDE))
    if terms & WE_DECIDED or we_decided:  # "what did we decide?": only the room decides
        return True
    if not terms & VOTE:
        return bool(terms & WON) and len(words(question)) <= SHORT
    return bool(terms & (OUTCOME | WON))


def asked_kinds(question: str) -> tuple[IdeaKind, ...] | None:
    """The kinds of idea a question asks for, in the order of `IdeaKind` (every kind when it
    says only "ideas"); None when it names none."""
    terms = _terms(question)
    named = [kind for kind, forms in KINDS.items() if terms & forms]
    if not named:
        return None
    return tuple(IdeaKind) if None in named else tuple(k for k in IdeaKind if k in named)


def asks_for_ideas(question: str) -> bool:
    terms = _terms(question)
    return (asked_kinds(question) is not None and bool(terms & SENT) and bool(terms & WHICH)
            and not terms & HOW)


def asks_for_attendance(question: str) -> bool:
    terms = _terms(question)
    ours = bool(terms & OURS) or bool(terms & WERE and terms & MEETING)
    return bool(terms & HOW_MANY and terms & PEOPLE) and ours and not terms & SHOULD


def room_topic(question: str) -> Basis | None:
    """What of the forum's own a question asks about, if it does."""
    if asks_for_results(question):
        return Basis.RESULTS
    if asks_for_attendance(question):
        return Basis.ATTENDANCE
    if asks_for_ideas(question):
        return Basis.IDEAS
    return None


def room_text(question: str, context: ForumContext, topic: Basis) -> str:
    if topic is Basis.RESULTS:
        return results_text(question, context)
    if not context.has_forum:
        return translate("chat.room.no_forum", context.language)
    return (ideas_text if topic is Basis.IDEAS else attendance_text)(question, context)


def _asked_meeting(question: str, context: ForumContext) -> int | None:
    named = mentioned_meeting(question)
    if named is None and context.meeting and _terms(question) & PREVIOUS and context.meeting > 1:
        return context.meeting - 1
    return named


def _meeting_to_show(context: ForumContext, asked: int | None, having: Iterable[int | None]
                     ) -> tuple[int | None, bool]:
    """The meeting that answers, and whether it is another than the current one: the meeting
    asked about, else the current one if it is among those `having` something to show, else
    the latest of those before it."""
    if asked is not None:
        return asked, False
    current, having = context.meeting, set(having)
    if current is not None and current in having:
        return current, False
    earlier = [m for m in having if m is not None and (current is None or m < current)]
    return (max(earlier), current is not None) if earlier else (current, False)


def _poll_lines(poll: PollView, language: str) -> list[str]:
    say = lambda key, **kw: translate(key, language, **kw)  # noqa: E731
    voters = say("count.voters", count=poll.voters + poll.paper_voters)
    if poll.paper_voters:
        voters = f"{voters} {say('chat.results.paper', count=poll.paper_voters)}"
    lines = [say("chat.results.poll", title=" ".join(poll.title.split()), method=say(f"method.{poll.method}"),
                 status=say(f"poll_status.{poll.status}"), voters=voters)]
    unit = say(f"results.score_{poll.score_unit or poll.method}")
    lines += [say("chat.results.line", rank=rank, label=" ".join(label.split()), unit=unit, score=f"{score:g}")
              for rank, (label, score) in enumerate(poll.leaders, 1)]
    return lines


def results_text(question: str, context: ForumContext) -> str:
    """The answer: each vote of the meeting asked about (or the current one), best first."""
    say = lambda key, **kw: translate(key, context.language, **kw)  # noqa: E731
    if not context.has_forum:
        return say("chat.results.no_forum")
    meeting, instead = _meeting_to_show(context, _asked_meeting(question, context),
                                        (p.meeting for p in context.polls if p.voted))
    polls = [p for p in context.polls if p.meeting == meeting and p.voted]
    if meeting is None or not polls:
        return say("chat.results.none", n=meeting or context.meeting or 1)
    if _terms(question) & LAST:  # "the last vote": the one made last
        polls = polls[-1:]
    head = (say("chat.results.instead", current=context.meeting, n=meeting) if instead
            else say("chat.results.head", n=meeting))
    blocks = ["\n".join(_poll_lines(poll, context.language)) for poll in polls]
    return "\n\n".join([head, *blocks])


def ideas_text(question: str, context: ForumContext) -> str:
    """The visible ideas of the kinds asked for, of the meeting asked about (or the current one,
    or the latest that sent some), kind by kind, oldest first."""
    say = lambda key, **kw: translate(key, context.language, **kw)  # noqa: E731
    kinds = asked_kinds(question) or tuple(IdeaKind)
    ideas = [i for i in context.forum_ideas if i.kind in kinds]
    meeting, instead = _meeting_to_show(context, _asked_meeting(question, context),
                                        (i.meeting_number for i in ideas))
    mine = [i for i in ideas if i.meeting_number == meeting]
    kind_names = joined((say(f"kind.{k}") for k in kinds), context.language) if len(kinds) < len(IdeaKind) else say("chat.ideas.any")
    if meeting is None or not mine:
        return say("chat.ideas.none", n=meeting or 1, kinds=kind_names)
    head = (say("chat.ideas.instead", current=context.meeting, n=meeting, kinds=kind_names) if instead
            else say("chat.ideas.head", n=meeting))
    blocks = [head] + [_kind_block(kind, [i for i in mine if i.kind is kind], context.language)
                       for kind in kinds if any(i.kind is kind for i in mine)]
    return "\n\n".join(blocks)


def _kind_block(kind: IdeaKind, ideas: Sequence[IdeaRecord], language: str) -> str:
    say = lambda key, **kw: translate(key, language, **kw)  # noqa: E731
    lines = [say("chat.ideas.kind", kind=say(f"kind.{kind}"), count=len(ideas))]
    lines += [f"• {' '.join(idea.text.split())}" for idea in ideas[:IDEAS_SHOWN]]
    if len(ideas) > IDEAS_SHOWN:
        lines.append(say("chat.ideas.more", count=len(ideas) - IDEAS_SHOWN))
    return "\n".join(lines)


def attendance_text(question: str, context: ForumContext) -> str:
    """How many joined (by sector), and at each meeting held so far (or the one asked about):
    the facilitator's count of the room and how many used a phone."""
    say = lambda key, **kw: translate(key, context.language, **kw)  # noqa: E731
    forum = context.forum
    lines = [say("chat.attendance.joined", count=context.participants)]
    if context.joined:
        lines.append(say("chat.attendance.sectors", sectors=joined(
            (f"{say(f'sector.{sector}')} {count}" for sector, count in context.joined.items()), context.language)))
    asked = _asked_meeting(question, context)
    last = max([context.meeting or 0, *context.took_part]) or 1
    uncounted = False
    for number in ([asked] if asked else range(1, last + 1)):
        counted, phones = forum.attendance(number), context.took_part.get(number, 0)
        if counted is None and not phones and not asked:
            continue
        uncounted = uncounted or counted is None
        parts = [say("chat.attendance.in_room", count=counted.total) if counted
                 else say("chat.attendance.not_counted"), say("chat.attendance.phones", count=phones)]
        lines.append(say("chat.attendance.meeting", n=number, parts=joined(parts, context.language, clauses=True)))
    if uncounted:
        lines.append(say("chat.attendance.count_hint"))
    return "\n".join(lines)
