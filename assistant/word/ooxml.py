"""Set WordprocessingML properties with every child at its place in the schema sequence.

Word refuses (or "repairs") a part whose property children are out of order, e.g. a
`w:bidi` after `w:jc`. `put` finds or creates a child and inserts it before the first
sibling that the schema (ECMA-376, transitional) puts after it.
"""

from __future__ import annotations

from functools import cache

from docx.oxml.ns import NamespacePrefixedTag
from docx.oxml.parser import oxml_parser

# Child sequences from the schema's complex types, in order.
SEQUENCES: dict[str, tuple[str, ...]] = {
    "w:pPr": (
        "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
        "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
        "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
        "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
        "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
        "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
        "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
        "w:pPrChange",
    ),
    "w:rPr": (
        "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
        "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint",
        "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing",
        "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
        "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
        "w:eastAsianLayout", "w:specVanish", "w:oMath", "w:rPrChange",
    ),
    "w:tblPr": (
        "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
        "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
        "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
        "w:tblCaption", "w:tblDescription", "w:tblPrChange",
    ),
    # CT_TrPrBase is a choice; this is the order Word writes.
    "w:trPr": (
        "w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter",
        "w:cantSplit", "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden",
        "w:ins", "w:del", "w:trPrChange",
    ),
    "w:tcPr": (
        "w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd",
        "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
        "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange",
    ),
    "w:sectPr": (
        "w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr", "w:type",
        "w:pgSz", "w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType",
        "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection",
        "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange",
    ),
    "w:tr": ("w:tblPrEx", "w:trPr", "w:tc"),
    "w:tc": ("w:tcPr", "w:p", "w:tbl"),
    "w:style": (
        "w:name", "w:aliases", "w:basedOn", "w:next", "w:link", "w:autoRedefine", "w:hidden",
        "w:uiPriority", "w:semiHidden", "w:unhideWhenUsed", "w:qFormat", "w:locked",
        "w:personal", "w:personalCompose", "w:personalReply", "w:rsid", "w:pPr", "w:rPr",
        "w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr",
    ),
}


@cache
def qn(tag: str) -> str:
    """"w:p" -> "{http://...}p", as docx.oxml.ns.qn, remembered (it is called per run)."""
    return NamespacePrefixedTag(tag).clark_name


@cache
def _tag_parts(tag: str) -> tuple[str, dict[str, str]]:
    nsptag = NamespacePrefixedTag(tag)
    return nsptag.clark_name, nsptag.nsmap


def element(tag: str):
    """A new element, exactly as docx.oxml.OxmlElement(tag) makes it, without re-parsing the tag."""
    clark, nsmap = _tag_parts(tag)
    return oxml_parser.makeelement(clark, nsmap=nsmap)


_SEQUENCES_BY_TAG = {
    qn(parent): tuple(qn(child) for child in children) for parent, children in SEQUENCES.items()
}
_SUCCESSORS = {
    (parent, child): frozenset(children[index + 1:])
    for parent, children in _SEQUENCES_BY_TAG.items() for index, child in enumerate(children)
}


def put(parent, tag: str, **attrs: str):
    """The child `tag` of `parent` (created at its schema position), with `attrs` set.

    Attribute names are given without prefix (`val`, `fill`) and put in the w: namespace.
    """
    child = parent.find(qn(tag))
    if child is None:
        child = element(tag)
        _insert_in_order(parent, child)
    for name, value in attrs.items():
        child.set(qn(f"w:{name}"), value)
    return child


def remove(parent, tag: str) -> None:
    for child in parent.findall(qn(tag)):
        parent.remove(child)


def _insert_in_order(parent, child) -> None:
    successors = _SUCCESSORS.get((parent.tag, child.tag))
    if successors is None:
        raise KeyError(f"no schema order known for {child.tag} in {parent.tag}")
    for sibling in parent:
        if sibling.tag in successors:
            sibling.addprevious(child)
            return
    parent.append(child)
