from __future__ import annotations

from assistant.i18n import parallel_messages
from assistant.text.parallel import WordTranslations

PAIRS = [
    ("اللقاء الأول", "המפגש הראשון"),
    ("اللقاء الثاني", "המפגש השני"),
    ("بعد اللقاء", "אחרי המפגש"),
    ("تصويت مفتوح", "הצבעה פתוחה"),
    ("تصويت مغلق", "הצבעה סגורה"),
    ("{count} أفكار", "{count} רעיונות"),
    ("لقاء جديد", "מפגש חדש"),
]


def test_each_word_takes_the_word_that_shares_its_messages():
    learned = WordTranslations(PAIRS, source="ar", target="he")
    assert learned.translation_of("اللقاء") == "המפגש" and learned.translation_of("تصويت") == "הצבעה"  # always together
    # The article peeled off, "لقاء" is in four messages: three with "המפגש", one with "מפגש".
    assert learned.translation_of("لقاء") == "המפגש"
    assert learned.translation_of("count") is None  # a placeholder is no word
    assert "count" not in learned.translate("{count} أفكار اللقاء")


def test_a_word_seen_once_or_weakly_paired_is_left_out():
    learned = WordTranslations(PAIRS, source="ar", target="he")
    assert learned.translation_of("جديد") is None  # one message: no evidence
    assert WordTranslations(PAIRS, source="ar", target="he", min_dice=1.01).translate("اللقاء تصويت") == []


def test_a_question_is_translated_word_by_word_whatever_its_prefixes():
    learned = WordTranslations(PAIRS, source="ar", target="he")
    assert learned.translate("وفي اللقاء، ماذا عن التصويت واللقاء؟") == ["המפגש", "הצבעה"]
    assert learned.translate("سؤال آخر") == []


def test_the_apps_messages_teach_the_forums_everyday_words():
    """The catalogs say the same things in Hebrew and Arabic: their words pair up."""
    pairs = parallel_messages("ar", "he")
    assert len(pairs) > 1000 and all(isinstance(a, str) and isinstance(b, str) for a, b in pairs)
    learned = WordTranslations(pairs, source="ar", target="he")
    assert learned.translate("كم مجال تركيز نختار في اللقاء؟")[:4] == ["כמה", "תחומ", "מיקוד", "מפגש"]
    assert learned.translate("التصويت الأفكار") == ["ההצבעה", "הרעיונות"]  # the rankers peel the ה
