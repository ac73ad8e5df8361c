"""Children are inserted at their schema position."""

from __future__ import annotations

import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from assistant.word.ooxml import put, remove


def tags(element) -> list[str]:
    return [child.tag.split("}")[1] for child in element]


def test_children_land_in_schema_order_whatever_order_they_are_put():
    ppr = OxmlElement("w:pPr")
    for tag in ("w:jc", "w:ind", "w:spacing", "w:pStyle", "w:bidi", "w:shd"):
        put(ppr, tag)
    assert tags(ppr) == ["pStyle", "shd", "bidi", "spacing", "ind", "jc"]

    rpr = OxmlElement("w:rPr")
    for tag in ("w:lang", "w:rtl", "w:szCs", "w:sz", "w:bCs", "w:b", "w:highlight", "w:rFonts"):
        put(rpr, tag)
    assert tags(rpr) == ["rFonts", "b", "bCs", "sz", "szCs", "highlight", "rtl", "lang"]

    tblpr = OxmlElement("w:tblPr")
    for tag in ("w:tblLook", "w:tblW", "w:bidiVisual", "w:tblStyle"):
        put(tblpr, tag)
    assert tags(tblpr) == ["tblStyle", "bidiVisual", "tblW", "tblLook"]


def test_put_updates_an_existing_child_and_remove_drops_it():
    rpr = OxmlElement("w:rPr")
    put(rpr, "w:sz", val="20")
    put(rpr, "w:sz", val="24")
    assert len(rpr) == 1 and rpr[0].get(qn("w:val")) == "24"
    remove(rpr, "w:sz")
    assert len(rpr) == 0


def test_unknown_child_is_an_error_not_a_guess():
    with pytest.raises(KeyError):
        put(OxmlElement("w:pPr"), "w:madeUp")
