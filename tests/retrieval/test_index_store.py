import pytest

from assistant.retrieval.embeddings import HashingEmbedder
from assistant.retrieval.engine import open_retriever
from assistant.retrieval.index_store import IndexStore
from assistant.retrieval.windows import passage_windows

GUIDE = "# מדריך\n\n" + "פורום העיצוב נפגש ארבע פעמים בשנת העיצוב ועובד בצורת משפך. " * 30
PLAN = "# תכנית\n\n" + "תכנית העבודה הקולקטיבית נכתבת בצוותים מקצועיים של עשרה עד חמישה עשר איש. " * 30


class CountingEmbedder(HashingEmbedder):
    def __init__(self):
        super().__init__(64)
        self.name = "counting"
        self.calls = 0

    def embed_documents(self, texts):
        self.calls += len(texts)
        return super().embed_documents(texts)


def test_incremental_rebuilds_only_what_changed(make_corpus, make_settings):
    root = make_corpus({"guide.md": GUIDE, "plan.md": PLAN})
    settings = make_settings(corpus_dir=root, embedding_model="hashing:64", dense_weight=0.5,
                             dense_window_chars=0)  # a vector per passage (windows: below)
    store = IndexStore(settings)
    embedder = CountingEmbedder()
    first = store.build(lambda: embedder)
    assert sorted(first.indexed) == ["guide.md", "plan.md"] and first.passages > 2
    assert embedder.calls == first.passages
    assert store.is_current()

    embedder.calls = 0
    again = store.build(lambda: embedder)
    assert again.indexed == [] and sorted(again.unchanged) == ["guide.md", "plan.md"]
    assert embedder.calls == 0

    (root / "plan.md").write_text(PLAN + "\nתוספת חדשה על לוח הזמנים.", encoding="utf-8")
    assert not store.is_current()
    changed = store.build(lambda: embedder)
    assert changed.indexed == ["plan.md"] and changed.unchanged == ["guide.md"]
    plan_passages = [p for p in store.load_passages() if p.doc_id == "plan"]
    assert embedder.calls == len(plan_passages)
    assert store.vector_index("hashing:64").count() == changed.passages

    (root / "guide.md").unlink()
    removed = store.build(lambda: embedder)
    assert removed.removed == ["guide.md"]
    assert {p.doc_id for p in store.load_passages()} == {"plan"}
    assert store.vector_index("hashing:64").count() == removed.passages


def test_a_new_passage_prompt_re_embeds_and_a_new_query_prompt_does_not(make_corpus, make_settings):
    root = make_corpus({"guide.md": GUIDE})
    settings = {"corpus_dir": root, "embedding_model": "hashing:64", "dense_weight": 0.5, "dense_window_chars": 0}
    embedder = CountingEmbedder()
    first = IndexStore(make_settings(**settings)).build(lambda: embedder)

    embedder.calls = 0
    IndexStore(make_settings(**settings, embedding_query_prompt="query: ")).build(lambda: embedder)
    assert embedder.calls == 0

    store = IndexStore(make_settings(**settings, embedding_document_prompt="passage: "))
    assert store.load_manifest()["embedding_document_prompt"] is None
    store.build(lambda: embedder)
    assert embedder.calls == first.passages
    assert store.load_manifest()["embedding_document_prompt"] == "passage: "
    assert store.vector_index("hashing:64").count() == first.passages


def test_dense_sits_out_until_the_vectors_match_the_passage_prompt(make_corpus, make_settings):
    root = make_corpus({"guide.md": GUIDE})
    settings = {"corpus_dir": root, "embedding_model": "hashing:64", "dense_weight": 0.5, "embedding_languages": "*"}
    IndexStore(make_settings(**settings)).build(lambda: HashingEmbedder(64))
    stale = make_settings(**settings, embedding_document_prompt="passage: ")
    assert [r.name for r in open_retriever(stale, build=False).rankers] == ["lexical", "ngram"]
    IndexStore(stale).build(lambda: HashingEmbedder(64))
    assert [r.name for r in open_retriever(stale, build=False).rankers] == ["lexical", "ngram", "dense"]


def test_unreadable_file_is_skipped_with_its_name(make_corpus, make_settings, caplog):
    root = make_corpus({"guide.md": GUIDE, "broken.pdf": b"%PDF-1.4 this is not really a pdf", "plan.docx": b"zip?"})
    store = IndexStore(make_settings(corpus_dir=root))
    with caplog.at_level("WARNING"):
        report = store.build(dense=False)
    assert report.indexed == ["guide.md"]
    assert set(report.skipped) == {"broken.pdf", "plan.docx"}
    assert "broken.pdf" in caplog.text


def test_renaming_a_document_in_sources_md_makes_the_index_stale(make_corpus, make_settings):
    root = make_corpus({"guide.md": GUIDE})
    store = IndexStore(make_settings(corpus_dir=root))
    store.build(dense=False)
    assert store.is_current()
    (root / "SOURCES.md").write_text("| `guide.md` | מדריך הפורום | x |\n", encoding="utf-8")
    assert not store.is_current()
    store.build(dense=False)
    assert {p.title for p in store.load_passages()} == {"מדריך הפורום"}


def test_changing_chunking_settings_rebuilds(make_corpus, make_settings):
    root = make_corpus({"guide.md": GUIDE})
    IndexStore(make_settings(corpus_dir=root)).build(dense=False)
    other = IndexStore(make_settings(corpus_dir=root, passage_chars=400, passage_overlap=100))
    assert not other.is_current()
    assert other.build(dense=False).indexed == ["guide.md"]


def test_retriever_builds_a_missing_index_and_uses_dense_for_its_language(make_corpus, make_settings):
    root = make_corpus({"guide.md": GUIDE, "plan.md": PLAN, "en.md": "# Plan\n\nThe budget table of the plan."})
    settings = make_settings(corpus_dir=root, embedding_model="hashing:64", dense_weight=0.5,
                             embedding_languages="en")
    retriever = open_retriever(settings, embedder=HashingEmbedder(64))
    assert [r.name for r in retriever.rankers] == ["lexical", "ngram", "dense"]
    assert "dense" in retriever.search("budget table", k=3)[0].ranks
    assert all("dense" not in r.ranks for r in retriever.search("תכנית העבודה", k=3))


def test_index_not_built_without_permission(make_corpus, make_settings):
    from assistant.errors import IndexNotReadyError

    settings = make_settings(corpus_dir=make_corpus({"guide.md": GUIDE}))
    with pytest.raises(IndexNotReadyError):
        open_retriever(settings, build=False)


def test_passages_are_embedded_in_windows_and_score_as_their_best(make_corpus, make_settings):
    root = make_corpus({"guide.md": GUIDE, "plan.md": PLAN})
    settings = make_settings(corpus_dir=root, embedding_model="hashing:64", dense_weight=1.0,
                             dense_window_chars=200, dense_window_step=100)
    store = IndexStore(settings)
    embedder = CountingEmbedder()
    report = store.build(lambda: embedder)
    passages = store.load_passages()
    expected = sum(len(passage_windows(p, 200, 100)) for p in passages)
    assert embedder.calls == expected > 2 * report.passages  # several windows each
    index = store.vector_index("hashing:64")
    assert index.count() == expected
    found = index.query(embedder.embed_query("צוותים מקצועיים של עשרה"), 50)
    ids = [pid for pid, _ in found]
    assert len(ids) == len(set(ids)) == len(passages)  # each passage once, by its best window
    assert ids[0].startswith("plan")
    assert [score for _, score in found] == sorted((score for _, score in found), reverse=True)

    changed = make_settings(corpus_dir=root, embedding_model="hashing:64", dense_weight=1.0,
                            dense_window_chars=300, dense_window_step=150)
    embedder.calls = 0
    IndexStore(changed).build(lambda: embedder)  # other windows: every passage embedded again
    assert embedder.calls == sum(len(passage_windows(p, 300, 150)) for p in passages)
