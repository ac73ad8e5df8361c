"""A page to print and put on the room's tables: the forum's QR code and join code, how
to join, and a line in each of the other languages a participant may read."""

from __future__ import annotations

from assistant.reports.document import LANGUAGES, Block, BulletList, Document, Heading, Image, Paragraph
from assistant.reports.run_sheet import JoinDetails
from assistant.reports.snapshot import ForumSnapshot
from assistant.reports.wording import Wording

QR_WIDTH_CM = 11.0


def join_card(snapshot: ForumSnapshot, join: JoinDetails) -> Document:
    """The card in the forum's language; without a QR code it still gives the code and address."""
    language = snapshot.language
    say = Wording(language)
    blocks: list[Block] = []
    if join.qr_png:
        blocks.append(Image(join.qr_png, QR_WIDTH_CM, alt=say("join.qr_alt", url=join.url)))
    blocks += [
        Heading(say("joincard.code", code=join.code), 1),
        Paragraph(say("joincard.address", address=join.address, code=join.code)),
        BulletList([say("joincard.step_scan"), say("joincard.step_details"), say("joincard.step_take_part")]),
        Paragraph(say("joincard.no_account"), "note"),
        *[Paragraph(Wording(other)("joincard.in_language"), "body")
          for other in LANGUAGES if other != language],
    ]
    return Document(title=snapshot.forum.title, language=language, subtitle=say("joincard.subtitle"),
                    blocks=blocks, metadata={"subject": snapshot.forum.title, "keywords": say("joincard.subtitle")})
