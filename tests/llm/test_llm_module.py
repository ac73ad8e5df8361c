"""assistant.llm: model settings, prompt files, draft()."""

from __future__ import annotations

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from assistant import llm
from assistant.chat.service import make_answerer, text_model
from assistant.config import Settings
from assistant.errors import LlmSetupError, PromptFileError


@pytest.mark.parametrize(("spec", "expected"), [
    ("openai:gpt-4o-mini", ("openai", "gpt-4o-mini")),
    ("ollama:qwen2.5:7b", ("ollama", "qwen2.5:7b")),
    ("qwen2.5:7b", (None, "qwen2.5:7b")),
    ("gpt-4o-mini", (None, "gpt-4o-mini")),
])
def test_provider_and_model(spec, expected):
    assert llm.split_model(spec) == expected


def test_an_openai_compatible_server_needs_no_key():
    model, kwargs = llm.model_arguments(Settings(llm="qwen2.5:7b", llm_base_url="http://127.0.0.1:9/v1",
                                                 llm_timeout=7))
    assert model == "qwen2.5:7b"
    assert kwargs == {"timeout": 7, "max_retries": 0, "base_url": "http://127.0.0.1:9/v1",
                      "api_key": llm.NO_KEY, "model_provider": "openai"}


def test_ollama_without_its_package_goes_through_its_openai_endpoint():
    model, kwargs = llm.model_arguments(Settings(llm="ollama:qwen2.5:7b"))
    assert model == "qwen2.5:7b" and kwargs["model_provider"] == "openai"
    assert kwargs["base_url"] == llm.OLLAMA_URL


def test_a_real_openai_client_is_built_from_the_settings():
    model = llm.chat_model(Settings(llm="openai:gpt-4o-mini", llm_api_key="sk-test", llm_timeout=3))
    assert model.model_name == "gpt-4o-mini" and model.request_timeout == 3 and model.max_retries == 0


def test_an_unknown_provider_is_a_setup_error_and_the_assistant_still_answers(offline):
    with pytest.raises(LlmSetupError) as caught:
        llm.chat_model(Settings(llm="nosuchprovider:model-x"))
    assert "nosuchprovider" in caught.value.message("en")
    broken = text_model(Settings(llm="nosuchprovider:model-x"))
    answerer = make_answerer(offline, broken)
    from assistant.chat.context import no_forum

    answer = answerer.answer("מה עושים במפגש השני?", no_forum("en"))
    assert answer.fallback is not None and "FORUM_LLM" in answer.detail


def test_no_llm_means_the_offline_answerer(offline):
    assert text_model(Settings()) is None
    assert make_answerer(offline, text_model(Settings())) is offline


def test_prompts_fall_back_to_hebrew_and_bad_files_are_named(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "hello.he.yaml").write_text("system: שלום {name}\nhuman: '{q}'\n", encoding="utf-8")
    assert llm.load_prompt(tmp_path, "x/hello", "ar").input_variables == ["name", "q"]
    (tmp_path / "x" / "bad.he.yaml").write_text("system: [unclosed\n", encoding="utf-8")
    with pytest.raises(PromptFileError):
        llm.load_prompt(tmp_path, "x/bad", "he")
    (tmp_path / "x" / "half.he.yaml").write_text("system: only\n", encoding="utf-8")
    with pytest.raises(PromptFileError) as caught:
        llm.load_prompt(tmp_path, "x/half", "he")
    assert "half.he.yaml" in caught.value.message("en")
    with pytest.raises(PromptFileError):
        llm.load_prompt(tmp_path, "x/missing", "he")


def test_draft_writes_a_named_prompt_for_other_features(tmp_path):
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "para.en.yaml").write_text("system: Write one line.\nhuman: 'About {topic}'\n",
                                                      encoding="utf-8")
    model = GenericFakeChatModel(messages=iter([AIMessage(content="  A line about youth.  ")]))
    settings = Settings(prompts_dir=tmp_path)
    assert llm.draft("reports/para", {"topic": "youth"}, language="en", settings=settings, model=model) == \
        "A line about youth."
    with pytest.raises(PromptFileError):
        llm.draft("reports/para", {}, language="en", settings=settings, model=model)
    with pytest.raises(LlmSetupError):
        llm.draft("reports/para", {"topic": "x"}, settings=settings)
