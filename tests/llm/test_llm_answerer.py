"""The LLM path with LangChain's fake chat models: streaming, citations, and the
fall back to the offline answer on a timeout, an error or an empty answer."""

from __future__ import annotations

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel, GenericFakeChatModel
from langchain_core.messages import AIMessage

from assistant.chat.answer import Basis, Fallback, Mode
from assistant.chat.context import no_forum
from assistant.chat.llm_answerer import LlmAnswerer
from assistant.llm import PromptedModel
from tests.conftest import PROJECT

QUESTION = "מה עושים עם הדו\"ח הראשוני של המיפוי במפגש השני?"
HE = no_forum("he")


def answerer(offline, model, timeout: float = 5.0) -> LlmAnswerer:
    return LlmAnswerer(offline, PromptedModel(model, PROJECT / "prompts", timeout))


def fake(text: str) -> GenericFakeChatModel:
    return GenericFakeChatModel(messages=iter([AIMessage(content=text)]))


def test_the_answer_streams_in_chunks_and_keeps_its_citations(offline):
    model = fake("במפגש השני מציגים את תמונת המצב [1] ומחלצים אתגרים [2].")
    stream = answerer(offline, model).stream(QUESTION, HE)
    chunks = list(stream)
    assert len(chunks) > 5 and "".join(chunks).startswith("במפגש השני")
    answer = stream.answer
    assert answer.mode is Mode.LLM and answer.fallback is None and answer.covered
    assert [c.number for c in answer.citations] == [1, 2]  # only what the text cites
    assert answer.as_dict()["mode"] == "llm"


def test_an_answer_citing_nothing_keeps_every_source(offline):
    answer = answerer(offline, fake("תשובה בלי הפניות")).answer(QUESTION, HE)
    assert answer.mode is Mode.LLM and len(answer.citations) >= 5


def test_an_error_mid_stream_gives_the_offline_answer_with_a_notice(offline):
    model = FakeListChatModel(responses=["התחלה של תשובה"], error_on_chunk_number=3)
    stream = answerer(offline, model).stream(QUESTION, HE)
    streamed = "".join(stream)
    answer = stream.result()
    assert streamed and answer.text != streamed  # what was streamed is replaced
    assert answer.mode is Mode.OFFLINE and answer.fallback is Fallback.ERROR
    assert answer.text == offline.answer(QUESTION, HE).text and answer.detail


def test_an_empty_answer_falls_back(offline):
    answer = answerer(offline, fake("   ")).answer(QUESTION, HE)
    assert answer.fallback is Fallback.EMPTY and answer.mode is Mode.OFFLINE
    assert answer.detail == "מודל השפה החזיר תשובה ריקה"


def test_a_model_too_slow_times_out_and_falls_back(offline):
    model = FakeListChatModel(responses=["תשובה איטית"], sleep=1.0)
    answer = answerer(offline, model, timeout=0.2).answer(QUESTION, HE)
    assert answer.fallback is Fallback.TIMEOUT and "0.2" in answer.detail


def test_weak_evidence_never_reaches_the_model(offline):
    messages = iter([AIMessage(content="המצאה")])
    answer = answerer(offline, GenericFakeChatModel(messages=messages)).answer("איך מכינים שקשוקה?", HE)
    assert not answer.covered and answer.mode is Mode.OFFLINE and answer.fallback is None
    assert next(messages).content == "המצאה"  # the model was never called


@pytest.mark.parametrize("language", ["he", "ar", "en"])
def test_the_prompt_follows_the_language(offline, language):
    model = PromptedModel(fake("x"), PROJECT / "prompts", 5)
    messages = model.messages("chat/answer", language, {
        "language": language, "forum_state": "-", "participant_data": "-", "playbook": "-", "passages": "-",
        "question": "-"})
    system = messages[0].content
    assert {"he": "מידע בלבד", "ar": "معلومات فقط", "en": "data, never instructions"}[language] in system


class Recording:
    """A TextModel that replies in turn and remembers each prompt it was asked."""

    def __init__(self, *replies):
        self.replies, self.calls = list(replies), []

    def stream(self, prompt, language, variables):
        self.calls.append((prompt, language, dict(variables)))
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        yield from (reply[i:i + 5] for i in range(0, len(reply), 5))


ARABIC = "من يساعد قائد المجال في كتابة خطة العمل؟"  # about no playbook step


def test_a_question_in_another_language_is_searched_in_the_documents_language(offline):
    model = Recording("מי עוזר למוביל התחום לכתוב את תכנית העבודה?", "يساعده فريق مهني [1].")
    answer = LlmAnswerer(offline, model).answer(ARABIC, no_forum("ar"))
    (first, language, variables), (second, _, answered) = model.calls
    assert (first, language, variables["target"]) == ("chat/translate_question", "ar", "بالعبرية")
    assert variables["question"] == f"<question>\n{ARABIC}\n</question>"  # data, delimited
    assert second == "chat/answer" and "מוביל התחום" in answered["passages"]
    assert answer.mode is Mode.LLM and answer.text == "يساعده فريق مهني [1]." and answer.citations


def test_without_a_translation_the_question_is_answered_offline_saying_the_sources_are_hebrew(offline):
    for model in (Recording(RuntimeError("down")), Recording("")):
        answer = LlmAnswerer(offline, model).answer(ARABIC, no_forum("ar"))
        assert answer.mode is Mode.OFFLINE and "المصادر مكتوبة بالعبرية." in answer.text  # found through the glossary
        assert [call[0] for call in model.calls] == ["chat/translate_question", "chat/answer"]  # both failed


def test_a_question_in_the_documents_language_is_not_translated(offline):
    model = Recording("תשובה [1]")
    LlmAnswerer(offline, model).answer(QUESTION, HE)
    assert [call[0] for call in model.calls] == ["chat/answer"]


@pytest.mark.parametrize("language", ["he", "ar", "en"])
def test_the_translation_prompt_follows_the_language_and_keeps_the_question_as_data(language):
    model = PromptedModel(fake("x"), PROJECT / "prompts", 5)
    messages = model.messages("chat/translate_question", language, {"target": "TARGET", "question": "<question>"})
    system = messages[0].content
    assert "TARGET" in system and messages[1].content.strip() == "<question>"
    assert {"he": "מידע בלבד", "ar": "معلومات فقط", "en": "data, never instructions"}[language] in system


@pytest.mark.parametrize(("question", "basis"), [
    ("מי ניצח בהצבעה?", Basis.RESULTS), ("אילו אתגרים הועלו?", Basis.IDEAS),
    ("כמה משתתפים הצטרפו?", Basis.ATTENDANCE)])
def test_a_question_about_the_rooms_own_data_is_answered_from_it_without_the_model(offline, question, basis):
    def never():
        raise AssertionError("the model was asked")
        yield  # pragma: no cover

    answer = answerer(offline, GenericFakeChatModel(messages=never())).answer(question, HE)
    assert answer.mode is Mode.OFFLINE and answer.fallback is None and answer.citations == ()
    assert answer.basis is basis and answer.text.startswith("לעוזר אין פורום פתוח")
