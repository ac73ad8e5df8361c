import re

from assistant.corpus.cleaning import (
    clean_lines,
    is_visual_order,
    reading_order,
    strip_page_edges,
    to_reading_order,
    unmirror_brackets,
)

HEADER = "| קרן רש״י  |  יוזמת היישוב במרכז  {n}"


def test_running_headers_toc_links_placeholders_and_page_numbers_go():
    lines = [
        "- בחזרה לתוכן עניינים- בחזרה לתוכן עניינים -" + HEADER.format(n=1),
        "פסקה ראשונה של הטקסט.",
        "",
        "12",
        HEADER.format(n=12),
        "Dummy TextDummy Text",
        "פסקה שנייה.",
        f"13 {HEADER.format(n='')} קרן רש״י  |  יוזמת היישוב במרכז  |",
        "350",
        "140",
        "- בחזרה לתוכן עניינים -" + HEADER.format(n=55),
    ]
    cleaned = "\n".join(clean_lines(lines))
    assert "בחזרה לתוכן" not in cleaned
    assert "Dummy" not in cleaned
    assert "קרן רש" not in cleaned
    assert "פסקה ראשונה של הטקסט." in cleaned and "פסקה שנייה." in cleaned
    assert "\n12\n" not in f"\n{cleaned}\n"  # page number beside a header
    assert "140" in cleaned  # data values stay


def test_a_line_mentioning_the_foundation_in_prose_stays():
    lines = [HEADER.format(n=i) for i in range(3)] + ["קרן רש״י פועלת 35 שנים לצמצום פערים."]
    assert clean_lines(lines)[-1] == "קרן רש״י פועלת 35 שנים לצמצום פערים."


def test_page_edges_lose_lone_numbers():
    assert strip_page_edges(["7", "טקסט", "8 פריטים", "", "42"]) == ["", "טקסט", "8 פריטים", "", ""]


def test_numbers_beside_placeholder_text_are_data():
    lines = [HEADER.format(n=i) for i in (1, 2, 3)] + ["Dummy Text", "350", "140"]
    assert clean_lines(lines)[-2:] == ["350", "140"]


# Visual-order lines: a justified Hebrew line extracted left to right, its
# words last-first with the wide gaps of justification between them.
VISUAL = "כלל  את  לחבר  ביכולת  לתושב,  המענים  כלל  וניהול  בעיצוב  וסטטוטוריות,  אירגוניות  ביכולות  יחסי "
READING = "יחסי ביכולות אירגוניות וסטטוטוריות, בעיצוב וניהול כלל המענים לתושב, ביכולת לחבר את כלל"


def flat(text: str) -> str:
    return " ".join(text.split())


def test_a_visual_order_line_is_put_in_reading_order():
    assert is_visual_order(VISUAL)
    assert flat(to_reading_order(VISUAL)) == READING
    shown = reading_order(f"תפקידה המסורתי של הרשות המקומית\n{VISUAL}")
    assert shown.split("\n")[0] == "תפקידה המסורתי של הרשות המקומית" and flat(shown.split("\n")[1]) == READING


def test_passages_keep_the_text_as_extracted():
    # A quote taken from the source file must still match the passage.
    assert clean_lines(["תפקידה המסורתי של הרשות המקומית", VISUAL])[1] == VISUAL.rstrip()


def test_the_line_keeps_its_length_and_leading_space():
    line = " .18 עד  לידה  בגילי  חברתית "
    assert to_reading_order(line) == " חברתית  בגילי  לידה  עד 18."
    assert len(to_reading_order(VISUAL)) == len(VISUAL.rstrip())


def test_runs_that_kept_their_order_stay_whole():
    line = "וחיזוק  יכולות  ניסיון בפיתוח  היא תוצר של חמש שנות  לפניכם  היישומית המוצגת  תכנית הפעולה "
    assert is_visual_order(line)
    assert flat(to_reading_order(line)) == (
        "תכנית הפעולה היישומית המוצגת לפניכם היא תוצר של חמש שנות ניסיון בפיתוח יכולות וחיזוק"
    )


def test_a_full_stop_before_a_number_goes_after_it():
    assert flat(to_reading_order(" .18 עד  לידה  בגילי  חברתית ")) == "חברתית בגילי לידה עד 18."
    assert flat(to_reading_order("הרשות  של  וההובלה  הבעלות  האחריות,  חיזוק  .1")) == (
        "1. חיזוק האחריות, הבעלות וההובלה של הרשות"
    )


def test_lines_in_reading_order_are_left_alone():
    ordinary = [
        "תפקידה המסורתי של הרשות המקומית מתחלק לשניים: היא זרוע ביצוע של השלטון המרכזי",
        # One wide gap: two columns side by side, or a stray double space.
        "מנוע הפעולה ואבן הראשה המרכזי בתיאוריית השינוי של כל יוזמה  מערכתית, הינו המנהלת היישובית.",
        # A few stray double spaces in a long sentence.
        '5. הידוק תכני הפיתוח המקצועי של המורים ושילוב של STEM  ו-SEL  יחד  עם מרכזי פס"גה',
        # Latin text is never reordered.
        "Science,  Technology,  Engineering  and  Mathematics",
    ]
    assert not any(is_visual_order(line) for line in ordinary)
    assert reading_order("\n".join(ordinary)) == "\n".join(ordinary)


def test_mirrored_brackets_are_turned_back_across_lines():
    extracted = "משרדי הממשלה )רווחה, חינוך,\nקליטה ועוד(. שיעור גידול )ביחס ל-2018("
    assert reading_order(extracted) == "משרדי הממשלה (רווחה, חינוך,\nקליטה ועוד). שיעור גידול (ביחס ל-2018)"


def test_brackets_that_balance_already_stay():
    for text in ("תכנית (שנתית) ותקציב", "budget )draft( only", "תכנית ללא סוגריים", "רק )"):
        assert unmirror_brackets(text) == text


def test_in_the_shipped_corpus_mirrored_brackets_mostly_read_right(shipped_retriever):
    mirrored, upright = re.compile(r"\)[^()\n]{1,80}\("), re.compile(r"\([^()\n]{1,80}\)")

    def count(pattern, texts):
        return sum(len(pattern.findall(text)) for text in texts)

    extracted = [p.text for p in shipped_retriever.passages]
    shown = [reading_order(text) for text in extracted]
    print(f"\nmirrored pairs: {count(mirrored, extracted)} as extracted, {count(mirrored, shown)} as shown")
    assert count(mirrored, extracted) > 50 and count(mirrored, shown) <= count(mirrored, extracted) // 5
    assert count(upright, shown) > 5 * count(upright, extracted)


def test_an_english_line_gets_its_stop_back_at_its_end():
    """The roadmap's section ".From Local government to local governance" (an English line in a
    right-to-left paragraph) read with its stop first, as a citation's section too."""
    from assistant.corpus.cleaning import stop_at_the_end

    assert reading_order(".From Local government to local governance") == "From Local government to local governance."
    assert stop_at_the_end("From Local government.") == "From Local government."  # already in order
    assert stop_at_the_end(".STEM במספר הסטודנטים") == ".STEM במספר הסטודנטים"  # Hebrew: the visual-order rules' own
    assert stop_at_the_end("...") == "..." and stop_at_the_end(".5 percent") == ".5 percent"  # no word after it
    assert stop_at_the_end(".From a list.") == ".From a list."  # a stop at both ends: left as it is
