import re

from assistant.errors import ForumError
from assistant.i18n import LANGUAGES, catalog, catalog_files, direction, isolate, translate


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"{(\w+)}", text))


def test_every_language_has_the_same_keys_and_placeholders():
    english = catalog("en")
    for language in LANGUAGES:
        entries = catalog(language)
        assert set(entries) == set(english), language
        for key, text in entries.items():
            assert _placeholders(text) == _placeholders(english[key]), (language, key)


def test_every_language_has_the_same_area_files():
    english = catalog_files("en")
    for language in LANGUAGES:
        files = catalog_files(language)
        assert set(files) == set(english), language
        for name, entries in files.items():
            assert set(entries) == set(english[name]), (language, name)


def test_every_error_class_has_a_message():
    import assistant.errors as errors

    def all_subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from all_subclasses(sub)

    for cls in all_subclasses(ForumError):
        if cls.key in ("error.invalid_input", "error.invalid_ballot"):
            continue
        assert cls.key in catalog("en"), cls.__name__
    assert errors.InvalidBallotError(reason="too_many", top_n=3).message("he") != "error.invalid_ballot.too_many"


def test_fallbacks_and_direction():
    assert translate("no.such.key", "he") == "no.such.key"
    assert direction("he") == direction("ar") == "rtl" and direction("en") == "ltr"


def test_peoples_text_is_isolated_in_its_own_direction():
    assert isolate("3. הקמת מרכז STEM יישובי") == "\u20683. הקמת מרכז STEM יישובי\u2069"
    assert isolate("Budget plan?") == "\u2068Budget plan?\u2069"
