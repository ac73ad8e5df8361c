"""A ranking's or rating's slips to print, for people who vote without a phone: the vote's
options with a box to write in beside each, and how to fill it in. Two slips to a page
(one when the options are many), to cut apart; the slips filled in are typed in at the
console (`commands.add_paper_ballot`)."""

from __future__ import annotations

from assistant.forum.records import PollRecord
from assistant.forum.vocabulary import VotingMethod
from assistant.i18n import joined
from assistant.reports.document import Block, Document, Heading, Paragraph, Table
from assistant.reports.snapshot import ForumSnapshot
from assistant.reports.wording import Wording

TWO_TO_A_PAGE = 8  # options a slip may list and still share its page with another


def slips_per_page(poll: PollRecord) -> int:
    return 2 if len(poll.options) <= TWO_TO_A_PAGE else 1


def _slip(poll: PollRecord, say: Wording) -> list[Block]:
    params = poll.params
    if poll.method is VotingMethod.RANKING:
        how = say("ballot.how_ranking", top_n=params.top_n)
        columns = (say("results.option"), say("ballot.place", top_n=params.top_n))
        widths: tuple[float, ...] = (4, 1)
    else:
        names = [say.criterion(c) for c in params.criteria]
        how = say("ballot.how_rating", scale=params.scale, criteria=joined(names, say.language))
        columns = (say("results.option"), *(say("ballot.score", criterion=n, scale=params.scale) for n in names))
        widths = (4, *(1.2,) * len(names))
    rows = [(option.label, *("",) * (len(columns) - 1)) for option in poll.options]
    return [Heading(poll.title, 2), Paragraph(how), Table(columns, rows, widths=widths),
            Paragraph(say("ballot.anonymous"), "source")]


def paper_ballot(snapshot: ForumSnapshot, poll_id: int) -> Document:
    """The slips of a ranking or rating vote, in the forum's language."""
    poll = next((p for p in snapshot.polls if p.id == poll_id), None)
    if poll is None:
        raise KeyError(f"no poll {poll_id} in forum {snapshot.forum.id}")
    if poll.method is VotingMethod.DOTS:
        raise ValueError("a dots vote is stuck on a flipchart, not written on slips")
    say = Wording(snapshot.language)
    blocks: list[Block] = []
    for copy in range(slips_per_page(poll)):
        if copy:
            blocks.append(Paragraph(say("ballot.cut"), "source"))
        blocks += _slip(poll, say)
    return Document(title=snapshot.forum.title, language=snapshot.language, subtitle=say("ballot.subtitle"),
                    blocks=blocks, metadata={"subject": poll.title, "keywords": say("ballot.subtitle")})
