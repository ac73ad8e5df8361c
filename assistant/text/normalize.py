"""Normalisation and tokenisation for Hebrew, Arabic and Latin text.

The lexical index and every query go through `analyze`, so both sides agree on
what a term is: niqqud and Arabic diacritics gone, final letters folded, prefix
letters peeled off as extra variants, stop words dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Hebrew points and cantillation marks (U+0591..U+05C7) except the punctuation
# that lives in the same block: maqaf U+05BE, paseq U+05C0, sof pasuq U+05C3,
# nun hafukha U+05C6.
_HEBREW_MARKS = "".join(
    chr(c) for c in range(0x0591, 0x05C8) if c not in (0x05BE, 0x05C0, 0x05C3, 0x05C6)
)
_ARABIC_MARKS = "".join(chr(c) for c in range(0x064B, 0x0660)) + "\u0670\u0640"
_MARKS_RE = re.compile(f"[{_HEBREW_MARKS}{_ARABIC_MARKS}]")

_FINALS = str.maketrans({"ך": "כ", "ם": "מ", "ן": "נ", "ף": "פ", "ץ": "צ"})
_ARABIC_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"}
)
# Quote-like marks inside words (צה"ל, ג'וינט, צה״ל) are dropped, not split on.
_INWORD_QUOTES_RE = re.compile(r"(?<=\w)[\"'׳״`’‘“”](?=\w)")
_DASHES_RE = re.compile("[\u05BE\u2010-\u2015]")
_TOKEN_RE = re.compile(r"\w+")

HEBREW_PREFIXES = frozenset("והבלמשכ")
# Plural, feminine and construct endings, final letters already folded.
HEBREW_SUFFIXES = ("יות", "ימ", "ות", "ית", "ה", "ת", "י")
ARABIC_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال", "و", "ف", "ب", "ل", "ك")
MAX_PREFIX_LETTERS = 3
MIN_STEM_LETTERS = 3

_HEBREW_STOP = """
של את על עם זה זו זאת הוא היא הם הן אני אנחנו אתה את אתם לא כן גם או אם כי אך
אבל כל יש אין מה מי איך למה מדוע כמה איזה איזו אילו האם בין עד כמו רק עוד כך לכן
אשר שלא אלה אלו הזה הזו הזאת לגבי בו בה בהם בהן לו לה להם להן שם כאן מהו מהי
"""
_ARABIC_STOP = """
في من على إلى الى عن مع هذا هذه ذلك تلك هو هي هم ما ماذا من كيف لماذا هل أو او
و ثم لا نعم كل بين حتى إن ان أن التي الذي الذين كان كانت
"""
_ENGLISH_STOP = """
a an the of to in on for and or is are was were be by with what how why who which
do does this that it as at from
"""


def normalize(text: str) -> str:
    """Canonical form used for matching: NFKC, marks stripped, finals folded."""
    text = unicodedata.normalize("NFKC", text)
    text = _MARKS_RE.sub("", text)
    text = _DASHES_RE.sub(" ", text)
    text = _INWORD_QUOTES_RE.sub("", text)
    text = text.translate(_FINALS).translate(_ARABIC_FOLD)
    return text.casefold()


def _build_stopwords() -> frozenset[str]:
    words = (_HEBREW_STOP + _ARABIC_STOP + _ENGLISH_STOP).split()
    return frozenset(normalize(w) for w in words)


STOPWORDS = _build_stopwords()


# The app's language written in each script (its catalogs', the general word lists').
LANGUAGE_OF_SCRIPT = {"he": "he", "ar": "ar", "latin": "en"}


def script_of(word: str) -> str:
    """'he', 'ar', 'latin' or 'other' for the first letter of a word."""
    for ch in word:
        if "\u0590" <= ch <= "\u05FF":
            return "he"
        if "\u0600" <= ch <= "\u06FF":
            return "ar"
        if ch.isalpha():
            return "latin"
    return "other"


def prefix_variants(word: str) -> list[str]:
    """Forms of `word` with up to three leading prefix letters peeled off.

    Hebrew: ו ה ב ל מ ש כ, one at a time, while at least three letters remain.
    Arabic: the article and the one-letter proclitics, same length rule.
    """
    variants: list[str] = []
    script = script_of(word)
    if script == "he":
        current = word
        for _ in range(MAX_PREFIX_LETTERS):
            if len(current) - 1 < MIN_STEM_LETTERS or current[0] not in HEBREW_PREFIXES:
                break
            current = current[1:]
            variants.append(current)
    elif script == "ar":
        current = word
        for _ in range(MAX_PREFIX_LETTERS):
            for prefix in ARABIC_PREFIXES:
                if current.startswith(prefix) and len(current) - len(prefix) >= MIN_STEM_LETTERS:
                    current = current[len(prefix) :]
                    variants.append(current)
                    break
            else:
                break
    return variants


def suffix_variant(word: str) -> str | None:
    """A Hebrew word with one inflectional ending removed (תושבימ -> תושב)."""
    if script_of(word) != "he":
        return None
    for suffix in HEBREW_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM_LETTERS:
            return word[: -len(suffix)]
    return None


# A run of one script inside a token: Hebrew, Arabic, or Latin letters and digits.
_SCRIPT_RUN_RE = re.compile(r"[\u0590-\u05FF]+|[\u0600-\u06FF]+|[^\u0590-\u05FF\u0600-\u06FF]+")


def split_scripts(token: str) -> list[str]:
    """A token split where it changes script ("ecostem21כלל" -> "ecostem21", "כלל", as PDF
    extraction glues them); Hebrew prefix letters before a Latin word or a number ("בstem",
    "ה2030") are dropped, as they are before a Hebrew one."""
    runs = _SCRIPT_RUN_RE.findall(token)
    if len(runs) == 1:
        return runs
    out = []
    for run, following in zip(runs, runs[1:] + [""], strict=True):
        is_prefix = (len(run) <= MAX_PREFIX_LETTERS and set(run) <= HEBREW_PREFIXES
                     and following and script_of(following) != "he")
        if not is_prefix:
            out.append(run)
    return out


def words(text: str) -> list[str]:
    """Normalised words in order, stop words kept."""
    return [word for token in _TOKEN_RE.findall(normalize(text)) for word in split_scripts(token)]


def analyze(text: str) -> list[str]:
    """Index terms for BM25: each content word, its prefix-stripped variants,
    and each of those with an inflectional ending removed."""
    terms: list[str] = []
    for word in words(text):
        if word in STOPWORDS:
            continue
        forms = [word, *(v for v in prefix_variants(word) if v not in STOPWORDS)]
        terms.extend(forms)
        terms.extend(stem for stem in map(suffix_variant, forms) if stem)
    return terms


def analyze_many(texts: Iterable[str]) -> list[list[str]]:
    return [analyze(t) for t in texts]


def script_shares(texts: Iterable[str]) -> dict[str, float]:
    """Share of the words of `texts` written in each script ('he', 'ar', 'latin')."""
    counts: dict[str, int] = {}
    for text in texts:
        for word in _TOKEN_RE.findall(text):
            s = script_of(word)
            if s != "other":
                counts[s] = counts.get(s, 0) + 1
    total = sum(counts.values())
    return {s: n / total for s, n in counts.items()} if total else {}


def dominant_script(text: str) -> str:
    """The script most words of `text` are written in ('he', 'ar', 'latin', 'other')."""
    shares = script_shares([text])
    return max(shares, key=shares.__getitem__) if shares else "other"


_QUOTE_FOLD = str.maketrans({"״": '"', "׳": "'", "“": '"', "”": '"', "’": "'", "‘": "'"})
_SPACE_RE = re.compile(r"\s+")


def snippet(text: str, limit: int) -> str:
    """`text` on one line, cut to `limit` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat[:limit] + "…" if len(flat) > limit else flat


def collapse_for_match(text: str) -> str:
    """Loose form for evidence matching: whitespace collapsed, ״/" and ׳/' alike."""
    return _SPACE_RE.sub(" ", text.translate(_QUOTE_FOLD)).strip()
