"""The language model: the only module that imports LangChain.

- `chat_model(settings)`: `init_chat_model` with `FORUM_LLM` ("provider:model",
  e.g. `openai:gpt-4o-mini`, `ollama:qwen2.5:7b`), an OpenAI-compatible server
  from `FORUM_LLM_BASE_URL`, its key and `FORUM_LLM_TIMEOUT`.
- `load_prompt(prompts_dir, name, language)`: `prompts/<name>.<language>.yaml`
  (Hebrew when the language has none) as a `ChatPromptTemplate`.
- `PromptedModel`: streams a named prompt's answer as text chunks, giving up
  when no chunk arrives within the timeout. It is what the assistant's LLM
  answerer talks to (`assistant.chat.llm_answerer.TextModel`).
- `draft(prompt, variables, ...)`: the whole text of a named prompt, for other
  features (e.g. a narrative paragraph in a Word export).

Every failure becomes a ForumError (LlmSetupError, LlmTimeoutError,
LlmUnavailableError, PromptFileError) the callers can show or fall back on.
"""

from __future__ import annotations

import importlib.util
import queue
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path

import yaml
from langchain.chat_models import init_chat_model
from langchain_core.language_models import BaseChatModel
from langchain_core.prompts import ChatPromptTemplate

from assistant.config import Settings, get_settings
from assistant.errors import ForumError, LlmSetupError, LlmTimeoutError, LlmUnavailableError, PromptFileError

DEFAULT_PROMPT_LANGUAGE = "he"
OLLAMA_URL = "http://localhost:11434/v1"
# Sent when an OpenAI-compatible local server needs no key (the client insists on one).
NO_KEY = "not-needed"
_PROVIDER_RE = re.compile(r"^([a-z][a-z_-]*):(.+)$")
_ROLES = ("system", "human")


def split_model(spec: str) -> tuple[str | None, str]:
    """("openai", "gpt-4o-mini") from "openai:gpt-4o-mini"; (None, "qwen2.5:7b") when no provider leads."""
    match = _PROVIDER_RE.match(spec.strip())
    return (match.group(1), match.group(2)) if match else (None, spec.strip())


def model_arguments(settings: Settings) -> tuple[str, dict]:
    """The model name and the keyword arguments `init_chat_model` gets for these settings."""
    if not settings.llm:
        raise LlmSetupError(reason="FORUM_LLM is not set")
    provider, model = split_model(settings.llm)
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    kwargs: dict = {"timeout": settings.llm_timeout, "max_retries": 0}
    base_url = settings.llm_base_url
    if provider == "ollama" and importlib.util.find_spec("langchain_ollama") is None:
        # Ollama also speaks the OpenAI protocol; no extra package needed.
        provider, base_url = "openai", base_url or OLLAMA_URL
    if base_url:
        provider = provider or "openai"
        kwargs["base_url"] = base_url
        if provider == "openai":
            key = key or NO_KEY
    if key:
        kwargs["api_key"] = key
    if provider:
        kwargs["model_provider"] = provider
    return model, kwargs


def chat_model(settings: Settings) -> BaseChatModel:
    model, kwargs = model_arguments(settings)
    try:
        return init_chat_model(model, **kwargs)
    except ImportError as exc:  # a provider's package; OpenAI's is the extra ".[openai]"
        extra = " (pip install -e '.[openai]')" if "langchain" in str(exc) and "openai" in str(exc) else ""
        raise LlmSetupError(reason=f"{settings.llm}: {exc}{extra}") from exc
    except Exception as exc:
        raise LlmSetupError(reason=f"{settings.llm}: {type(exc).__name__}: {exc}") from exc


# Prompts ------------------------------------------------------------------------


def prompt_path(prompts_dir: Path, name: str, language: str) -> Path:
    folder = Path(prompts_dir)
    wanted = folder / f"{name}.{language}.yaml"
    return wanted if wanted.is_file() else folder / f"{name}.{DEFAULT_PROMPT_LANGUAGE}.yaml"


@lru_cache(maxsize=64)
def _template(path: Path, stamp: float) -> ChatPromptTemplate:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise PromptFileError(path=str(path), reason=str(exc)) from exc
    if not isinstance(data, dict) or not all(isinstance(data.get(role), str) for role in _ROLES):
        raise PromptFileError(path=str(path), reason="expected text fields 'system' and 'human'")
    return ChatPromptTemplate.from_messages([(role, data[role]) for role in _ROLES])


def load_prompt(prompts_dir: Path, name: str, language: str) -> ChatPromptTemplate:
    """`<prompts_dir>/<name>.<language>.yaml` (or its Hebrew original) as a template."""
    path = prompt_path(prompts_dir, name, language)
    if not path.is_file():
        raise PromptFileError(path=str(path), reason="not found")
    return _template(path, path.stat().st_mtime)


# Streaming ----------------------------------------------------------------------


def _chunk_text(chunk: object) -> str:
    """A message chunk's text (its `.text`, which skips reasoning and tool blocks)."""
    text = chunk if isinstance(chunk, str) else getattr(chunk, "text", "")
    return str(text) if isinstance(text, str) else ""


def _failure(exc: BaseException, seconds: float) -> ForumError:
    if isinstance(exc, ForumError):
        return exc
    name = type(exc).__name__
    if isinstance(exc, TimeoutError) or "Timeout" in name:
        return LlmTimeoutError(seconds=f"{seconds:g}")
    reason = " ".join(f"{name}: {exc}".split())[:300]
    return LlmUnavailableError(reason=reason)


def stream_with_timeout(start: Callable[[], Iterable[object]], seconds: float) -> Iterator[str]:
    """Text chunks of `start()`, run in a worker thread; LlmTimeoutError when no
    chunk arrives for `seconds`, other failures as LlmUnavailableError."""
    inbox: queue.Queue = queue.Queue()

    def produce() -> None:
        try:
            for chunk in start():
                inbox.put(("chunk", chunk))
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer
            inbox.put(("error", exc))
        else:
            inbox.put(("done", None))

    threading.Thread(target=produce, name="llm-stream", daemon=True).start()
    while True:
        try:
            kind, item = inbox.get(timeout=seconds)
        except queue.Empty:
            raise LlmTimeoutError(seconds=f"{seconds:g}") from None
        if kind == "done":
            return
        if kind == "error":
            raise _failure(item, seconds) from item
        text = _chunk_text(item)
        if text:
            yield text


class PromptedModel:
    """A chat model behind named prompt files: `stream(prompt, language, variables)`."""

    def __init__(self, model: BaseChatModel, prompts_dir: Path, timeout: float) -> None:
        self.model = model
        self.prompts_dir = Path(prompts_dir)
        self.timeout = timeout

    def messages(self, prompt: str, language: str, variables: Mapping[str, str]):
        template = load_prompt(self.prompts_dir, prompt, language)
        missing = set(template.input_variables) - set(variables)
        if missing:
            raise PromptFileError(path=prompt, reason=f"no value for {sorted(missing)}")
        return template.format_messages(**variables)

    def stream(self, prompt: str, language: str, variables: Mapping[str, str]) -> Iterator[str]:
        messages = self.messages(prompt, language, variables)
        return stream_with_timeout(lambda: self.model.stream(messages), self.timeout)

    def complete(self, prompt: str, language: str, variables: Mapping[str, str]) -> str:
        """The whole answer in one request (no streaming), within the timeout."""
        messages = self.messages(prompt, language, variables)
        return "".join(stream_with_timeout(lambda: [self.model.invoke(messages)], self.timeout))


def prompted_model(settings: Settings | None = None,
                   model: BaseChatModel | None = None) -> PromptedModel | None:
    """The configured model behind the prompt files, or None when FORUM_LLM is not set."""
    settings = settings or get_settings()
    if model is None and not settings.llm:
        return None
    return PromptedModel(model or chat_model(settings), settings.prompts_dir, settings.llm_timeout)


def draft(prompt: str, variables: Mapping[str, str], *, language: str = DEFAULT_PROMPT_LANGUAGE,
          settings: Settings | None = None, model: BaseChatModel | None = None) -> str:
    """The full text the model writes for prompt file `prompt` (e.g. "chat/answer"),
    stripped. Raises LlmSetupError when no model is configured and the other
    Llm*/PromptFileError errors when it fails."""
    prompted = prompted_model(settings, model)
    if prompted is None:
        raise LlmSetupError(reason="FORUM_LLM is not set")
    return prompted.complete(prompt, language, variables).strip()
