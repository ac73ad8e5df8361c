"""The style sheet of generated documents: fonts, languages and the styles the writer uses.

python-docx's template takes its fonts from the theme (`w:asciiTheme`, `w:cstheme` ...),
whose complex-script font is resolved per machine and often lacks Hebrew or Arabic; every
theme font is replaced by an explicit one here. Arial is on every Windows and macOS
install with Hebrew and Arabic glyphs, and LibreOffice substitutes its metric twin
Liberation Sans (then fontconfig's fallback for Arabic), so layout degrades gracefully.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn

from assistant.word.ooxml import put, remove

# Sizes in half-points, as w:sz / w:szCs take them.
BODY_SIZE = 22
TABLE_SIZE = 20
NOTE_SIZE = 20
SOURCE_SIZE = 16
FOOTER_SIZE = 18

HEADING_COLOR = "1F3864"
SUBTLE_COLOR = "595959"
SOURCE_COLOR = "7F7F7F"
NOTE_FILL = "F2F2F2"
TABLE_HEADER_FILL = "D9E2F3"
KEY_FILL = "F2F2F2"
PLACEHOLDER_FILL = "FFF2CC"
PLACEHOLDER_HIGHLIGHT = "yellow"

NOTE_STYLE = "Forum Note"
SOURCE_STYLE = "Forum Source"
PLACEHOLDER_STYLE = "Forum Placeholder"
TABLE_TEXT_STYLE = "Forum Table Text"

STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_THEME_FONT_ATTRIBUTES = {
    "asciiTheme": "ascii", "hAnsiTheme": "hAnsi", "cstheme": "cs", "eastAsiaTheme": None,
}

# style name -> (size, bold, color)
_HEADINGS = {
    "Title": (52, True, HEADING_COLOR),
    "Subtitle": (28, False, SUBTLE_COLOR),
    "Heading 1": (32, True, HEADING_COLOR),
    "Heading 2": (26, True, HEADING_COLOR),
    "Heading 3": (24, True, HEADING_COLOR),
}


@dataclass(frozen=True)
class Look:
    """What a document language decides: direction, fonts and proofing languages."""

    rtl: bool
    font: str
    cs_font: str
    language_tag: str
    bidi_language: str
    latin_language: str = "en-US"


LOOKS = {
    "he": Look(rtl=True, font="Arial", cs_font="Arial", language_tag="he-IL", bidi_language="he-IL"),
    "ar": Look(rtl=True, font="Arial", cs_font="Arial", language_tag="ar-SA", bidi_language="ar-SA"),
    "en": Look(rtl=False, font="Arial", cs_font="Arial", language_tag="en-US", bidi_language="he-IL"),
}


def prepare_styles(document, look: Look) -> None:
    """Fix the template's style sheet for `look` and add the writer's own styles."""
    _drop_styles_with_effects(document)
    styles_root = document.styles.element
    _set_defaults(styles_root, look)
    for fonts in styles_root.iter(qn("w:rFonts")):
        _replace_theme_fonts(fonts, look)
    _set_bidi_languages(document.settings.element, look)
    normal = document.styles["Normal"].element
    if look.rtl:
        put(normal.get_or_add_pPr(), "w:bidi")
    for name, (size, bold, color) in _HEADINGS.items():
        _set_heading(document.styles[name].element, look, size, bold, color)
    _add_paragraph_style(document, NOTE_STYLE, look, size=NOTE_SIZE, color=SUBTLE_COLOR, fill=NOTE_FILL)
    _add_paragraph_style(document, SOURCE_STYLE, look, size=SOURCE_SIZE, color=SOURCE_COLOR, after="120")
    _add_paragraph_style(document, PLACEHOLDER_STYLE, look, size=BODY_SIZE, color=None)
    _add_paragraph_style(document, TABLE_TEXT_STYLE, look, size=TABLE_SIZE, color=None, after="0")


def set_fonts(rpr, look: Look) -> None:
    put(rpr, "w:rFonts", ascii=look.font, hAnsi=look.font, cs=look.cs_font)


def set_size(rpr, half_points: int) -> None:
    put(rpr, "w:sz", val=str(half_points))
    put(rpr, "w:szCs", val=str(half_points))


def set_bold(rpr) -> None:
    put(rpr, "w:b")
    put(rpr, "w:bCs")


def set_color(rpr, color: str) -> None:
    remove(rpr, "w:color")
    put(rpr, "w:color", val=color)


def _drop_styles_with_effects(document) -> None:
    """The template's Word 2010 copy of the style sheet would keep the theme fonts."""
    for rel in list(document.part.rels.values()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            document.part.drop_rel(rel.rId)


def _set_defaults(styles_root, look: Look) -> None:
    rpr = styles_root.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    remove(rpr, "w:rFonts")
    set_fonts(rpr, look)
    set_size(rpr, BODY_SIZE)
    remove(rpr, "w:lang")
    put(rpr, "w:lang", val=look.latin_language, eastAsia=look.latin_language, bidi=look.bidi_language)


def _replace_theme_fonts(fonts, look: Look) -> None:
    for theme_attribute, explicit in _THEME_FONT_ATTRIBUTES.items():
        if fonts.get(qn(f"w:{theme_attribute}")) is None:
            continue
        del fonts.attrib[qn(f"w:{theme_attribute}")]
        if explicit:
            fonts.set(qn(f"w:{explicit}"), look.cs_font if explicit == "cs" else look.font)


def _set_bidi_languages(settings_root, look: Look) -> None:
    theme_languages = settings_root.find(qn("w:themeFontLang"))
    if theme_languages is not None:
        theme_languages.set(qn("w:bidi"), look.bidi_language)


def _set_heading(style, look: Look, size: int, bold: bool, color: str) -> None:
    ppr = style.get_or_add_pPr()
    remove(ppr, "w:numPr")  # the template's Subtitle carries a stray list level
    if look.rtl:
        put(ppr, "w:bidi")
    rpr = style.get_or_add_rPr()
    for tag in ("w:i", "w:iCs"):
        remove(rpr, tag)
    set_fonts(rpr, look)
    set_size(rpr, size)
    set_color(rpr, color)
    if bold:
        set_bold(rpr)


def _add_paragraph_style(
    document, name: str, look: Look, size: int, color: str | None,
    fill: str | None = None, after: str | None = None,
) -> None:
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.quick_style = True
    ppr = style.element.get_or_add_pPr()
    if fill:
        put(ppr, "w:shd", val="clear", color="auto", fill=fill)
    if look.rtl:
        put(ppr, "w:bidi")
    if after is not None:
        put(ppr, "w:spacing", after=after, line="240", lineRule="auto")
    rpr = style.element.get_or_add_rPr()
    set_fonts(rpr, look)
    set_size(rpr, size)
    if color:
        set_color(rpr, color)
