import random

from assistant.corpus.models import Passage
from assistant.retrieval.windows import passage_windows, text_windows


def test_short_text_is_one_window_and_zero_means_whole():
    assert text_windows("פורום עיצוב", 400, 200) == ["פורום עיצוב"]
    long = "מילה " * 300
    assert text_windows(long, 0, 0) == [long.strip()]


def test_windows_cut_between_words_overlap_and_cover_the_text():
    words = [f"w{i}" for i in range(400)]
    text = " ".join(words)
    windows = text_windows(text, 100, 50)
    assert len(windows) > 10
    assert all(len(w) <= 100 for w in windows)
    assert all(set(w.split()) <= set(words) for w in windows)  # no word cut in two
    covered = {word for w in windows for word in w.split()}
    assert covered == set(words)
    assert set(windows[0].split()) & set(windows[1].split())  # they overlap


def test_each_window_carries_the_section_heading():
    passage = Passage("d#1", "d", "D", "שלב ב", 1, "טקסט " * 200, "d.txt")
    windows = passage_windows(passage, 300, 150)
    assert len(windows) > 2 and all(w.startswith("שלב ב\n") for w in windows)


def test_every_word_is_in_some_window_whatever_the_sizes():
    rng = random.Random(27)
    for _ in range(500):
        text = "".join(rng.choice("אבג דה\n") for _ in range(rng.randrange(600)))
        size, step = rng.randrange(20, 200), rng.randrange(1, 200)
        windows = text_windows(text, size, step)
        assert {w for window in windows for w in window.split()} >= {w for w in text.split() if len(w) <= size // 2}
