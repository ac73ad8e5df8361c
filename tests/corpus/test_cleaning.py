from assistant.corpus.cleaning import clean_lines, strip_page_edges

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
