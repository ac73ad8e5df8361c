from assistant.config import BUNDLED_SYNONYMS, Settings
from assistant.retrieval.engine import load_synonyms


def test_bundled_glossary_is_on_by_default():
    assert Settings().synonyms_file == BUNDLED_SYNONYMS
    assert load_synonyms(Settings()) is not None


def test_blank_file_or_zero_weight_turns_expansion_off(monkeypatch):
    monkeypatch.setenv("FORUM_SYNONYMS_FILE", " ")
    assert Settings().synonyms_file is None
    assert load_synonyms(Settings()) is None
    assert load_synonyms(Settings(synonym_weight=0)) is None


def test_missing_file_is_a_warning_not_a_crash(tmp_path, caplog):
    assert load_synonyms(Settings(synonyms_file=tmp_path / "nope.txt")) is None
    assert "synonyms file not found" in caplog.text
