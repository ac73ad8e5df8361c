import re

import pytest
from babel import Locale

from assistant.errors import ForumError
from assistant.i18n import (
    LANGUAGES,
    catalog,
    catalog_files,
    direction,
    isolate,
    joined,
    plural_category,
    quoted_list,
    translate,
)


def _placeholders(entry) -> set[str]:
    """Placeholders of an entry; a counting entry has `count` even where a form spells it out."""
    if isinstance(entry, str):
        return set(re.findall(r"{(\w+)}", entry))
    return set().union(*map(_placeholders, entry.values())) | {"count"}


def test_every_language_has_the_same_keys_and_placeholders():
    english = catalog("en")
    for language in LANGUAGES:
        entries = catalog(language)
        assert set(entries) == set(english), language
        for key, text in entries.items():
            assert _placeholders(text) == _placeholders(english[key]), (language, key)


def test_counting_entries_name_only_their_languages_plural_forms():
    for language in LANGUAGES:
        categories = set(Locale.parse(language).plural_form.tags) | {"other"}
        for key, entry in catalog(language).items():
            if isinstance(entry, str):
                continue
            # "other" shows the number, or the list whose length it is ("the words "a", "b" and "c"")
            assert "{count}" in entry["other"] or "{words}" in entry["other"], (language, key)
            for form in entry:
                assert form in categories or re.fullmatch(r"=\d+", form), (language, key, form)
            # every form but the spelled-out ones names what the "other" form names
            needed = _placeholders(entry["other"]) - {"count"}
            for form, text in entry.items():
                assert needed <= _placeholders(text), (language, key, form)


def test_counts_read_right_in_each_language():
    assert translate("console.idea_count", "he", count=1) == "רעיון אחד"
    assert translate("console.idea_count", "he", count=2) == "2 רעיונות"
    assert translate("console.idea_count", "he", count=0) == "אין עדיין רעיונות"
    assert translate("console.idea_count", "he", count=17) == "17 רעיונות"
    # Arabic counts differ for 1, 2, 3-10, 11-99 and 100+.
    assert [translate("count.items", "ar", count=n) for n in (1, 2, 3, 11, 100)] == [
        "عنصر واحد", "عنصران", "3 عناصر", "11 عنصرًا", "100 عنصر"]
    assert [translate("count.voters", "en", count=n) for n in (1, 2)] == ["1 voter", "2 voters"]
    assert plural_category("ar", 103) == "few" and plural_category("he", 2) == "two"


def test_a_count_that_is_not_a_number_takes_the_other_form():
    assert translate("count.items", "he", count="n") == "n פריטים"


def test_every_language_has_the_same_area_files():
    english = catalog_files("en")
    for language in LANGUAGES:
        files = catalog_files(language)
        assert set(files) == set(english), language
        for name, entries in files.items():
            assert set(entries) == set(english[name]), (language, name)


def test_every_error_class_has_a_message():
    from assistant import errors
    from assistant.forum.authorship import IdeaLock

    def all_subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from all_subclasses(sub)

    for cls in all_subclasses(ForumError):
        if cls.key == "error.invalid_input" or issubclass(cls, errors.ReasonedError):  # a message per reason
            continue
        assert cls.key in catalog("en"), cls.__name__
    assert errors.InvalidBallotError(reason="too_many", top_n=3).message("he") != "error.invalid_ballot.too_many"
    for lock in IdeaLock:
        assert f"error.idea_locked.{lock}" in catalog("en"), lock


def test_what_was_not_found_is_named_in_the_users_language():
    from pathlib import Path

    from assistant import errors

    source = "\n".join(p.read_text("utf-8") for p in Path(errors.__file__).parent.rglob("*.py"))
    kinds = set(re.findall(r'NotFoundError\(what="(\w+)"', source))
    assert {"poll", "ballot", "idea"} <= kinds
    for kind in kinds:
        assert f"what.{kind}" in catalog("en"), kind
    assert errors.NotFoundError(what="poll").message("he") == "לא נמצא (הצבעה). ייתכן שהוסר; נא לרענן את העמוד."
    assert errors.NotFoundError(what="ballot").message("ar").startswith("غير موجود (ورقة تصويت).")
    assert errors.NotFoundError(what="thing").message("en").startswith("Not found (thing).")


def test_fallbacks_and_direction():
    assert translate("no.such.key", "he") == "no.such.key"
    assert direction("he") == direction("ar") == "rtl" and direction("en") == "ltr"


def test_peoples_text_is_isolated_in_its_own_direction():
    assert isolate("3. הקמת מרכז STEM יישובי") == "\u20683. הקמת מרכז STEM יישובי\u2069"
    assert isolate("Budget plan?") == "\u2068Budget plan?\u2069"


def test_quoted_lists_follow_each_language():
    assert quoted_list(["חניון"], "he") == '"חניון"'
    assert quoted_list(["חניון", "בריכה", "ארנונה"], "he") == '"חניון", "בריכה" ו"ארנונה"'
    assert quoted_list(["أ", "ب"], "ar") == "«أ» و«ب»"
    assert quoted_list(["a", "b", "c"], "en") == "“a”, “b”, and “c”"


def test_run_on_lists_use_each_languages_comma_and_semicolon():
    assert joined(["תושבים 12", "ממשלה 3"], "he") == "תושבים 12, ממשלה 3"
    assert joined(["السكان 12", "الحكومة 3"], "ar") == "السكان 12، الحكومة 3"
    assert joined(iter(["a, b", "c"]), "en", clauses=True) == "a, b; c"
    assert joined(["أ، ب", "ج"], "ar", clauses=True) == "أ، ب؛ ج"


def test_quoted_text_of_the_other_direction_keeps_its_order():
    # A Latin question in a Hebrew sentence, a Hebrew one in an English sentence: isolated,
    # so their "?" stays at their end; single words and text of the same direction are not.
    assert quoted_list(["nv zv?"], "he") == '"\u2068nv zv?\u2069"'
    assert quoted_list(["מה זה?"], "en") == "“\u2068מה זה?\u2069”"
    assert quoted_list(["מה זה?"], "ar") == "«מה זה?»"
    assert quoted_list(["המינהלת", "STEM"], "en") == "“המינהלת” and “STEM”"


def test_dates_are_written_as_people_say_them():
    from datetime import date

    from assistant.i18n import long_date

    day = date(2026, 12, 3)
    assert [long_date(day, lang) for lang in ("he", "ar", "en")] == \
        ["יום חמישי, 3 בדצמבר 2026", "الخميس، 3 ديسمبر 2026", "Thursday, December 3, 2026"]


def test_a_key_written_twice_in_an_area_file_is_refused(tmp_path, monkeypatch):
    """JSON keeps the last of two equal keys: a new entry would silently replace an old one."""
    from assistant import i18n

    (tmp_path / "he").mkdir()
    (tmp_path / "he" / "core.json").write_text('{"a.b": "x", "a.c": {"one": "y", "other": "z"}, "a.b": "w"}',
                                               encoding="utf-8")
    monkeypatch.setattr(i18n, "_LOCALES", tmp_path)
    i18n.catalog.cache_clear()
    try:
        with pytest.raises(i18n.CatalogError, match=r"written twice: \['a.b'\]"):
            i18n.catalog("he")
        (tmp_path / "he" / "core.json").write_text('{"a.b": "x"}', encoding="utf-8")
        (tmp_path / "he" / "more.json").write_text('{"a.b": "y"}', encoding="utf-8")
        with pytest.raises(i18n.CatalogError, match=r"already defined: \['a.b'\]"):
            i18n.catalog("he")
    finally:
        i18n.catalog.cache_clear()
