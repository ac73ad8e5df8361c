import pytest

from assistant.text.keyboard import LAYOUTS, retype


@pytest.mark.parametrize(("typed", "script", "meant"), [
    ("thl cujrho ,junh nheus?", "he", "איך בוחרים תחומי מיקוד?"),
    ("kfnv abho v,jhhcu vau,pho cnvkl v-STEM vtzurh?", "he", "לכמה שנים התחייבו השותפים במהלך ה-STEM האזורי?"),
    ("hgvcdm hglajv;m ggl]dkm", "ar", "الرؤية المشتركة للمدينة"),
    ("sbl", "ar", "سلام"),  # one key (b), two letters
])
def test_keys_typed_with_the_wrong_layout_read_as_meant(typed, script, meant):
    assert retype(typed, script) == meant


def test_every_key_of_a_layout_types_one_letter_or_mark():
    for layout in LAYOUTS.values():
        assert len(layout) == 33 and all(1 <= len(v) <= 2 for v in layout.values())
