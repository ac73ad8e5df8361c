"""Reading the playbook from `<prompts_dir>/playbook/`: one YAML file per meeting
and `domains.yaml`. Every problem becomes a `PlaybookError` naming file and field.

The result is a frozen model and `playbook_fingerprint` changes whenever a file
does, so callers can cache a load keyed on it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from assistant.corpus.models import Passage
from assistant.forum.vocabulary import MEETING_NUMBERS, MobilityDomain
from assistant.playbook.errors import PlaybookError
from assistant.playbook.evidence import QuoteIndex, quote_index, resolve
from assistant.playbook.models import Evidence, Fact, FieldProblem, LocalizedText, Meeting, Playbook, texts

PLAYBOOK_DIR = "playbook"
# The professional teams' four meetings after the forum: the same schema and checks, its own
# meeting files; the mobility domains and the method's facts are the forum playbook's.
TEAM_PLAYBOOK_DIR = "team-playbook"
DOMAINS_FILE = "domains.yaml"
FACTS_FILE = "facts.yaml"
WHOLE_FILE = "(file)"

_DOMAINS = TypeAdapter(dict[MobilityDomain, LocalizedText])
_FACTS = TypeAdapter(list[Fact])
# libyaml's safe loader when PyYAML was built with it (five times faster), else the Python one.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def meeting_file(number: int) -> str:
    return f"meeting-{number}.yaml"


def playbook_files(prompts_dir: Path) -> list[Path]:
    folder = Path(prompts_dir) / PLAYBOOK_DIR
    teams = Path(prompts_dir) / TEAM_PLAYBOOK_DIR
    return ([folder / meeting_file(n) for n in MEETING_NUMBERS] + [folder / DOMAINS_FILE, folder / FACTS_FILE]
            + [teams / meeting_file(n) for n in MEETING_NUMBERS])


def playbook_fingerprint(prompts_dir: Path) -> str:
    """A hash of the playbook files, to key a cache on."""
    digest = hashlib.sha256()
    for path in playbook_files(prompts_dir):
        digest.update(path.name.encode())
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()


def load_team_playbook(prompts_dir: Path, passages: Sequence[Passage] | None = None) -> Playbook:
    """The professional teams' playbook: their four meetings after the forum."""
    return load_playbook(prompts_dir, passages, meetings_dir=TEAM_PLAYBOOK_DIR)


def load_playbook(prompts_dir: Path, passages: Sequence[Passage] | None = None, *,
                  meetings_dir: str = PLAYBOOK_DIR) -> Playbook:
    """Load and validate the playbook. With `passages`, every evidence quote must
    be found in its document and gets the ids of the passages that hold it;
    without, quotes are left unresolved. `meetings_dir`: the folder of the meeting files
    (TEAM_PLAYBOOK_DIR: the professional teams' meetings)."""
    index = quote_index(passages) if passages is not None else None
    folder = Path(prompts_dir) / PLAYBOOK_DIR
    meetings = [load_meeting(Path(prompts_dir) / meetings_dir / meeting_file(n), n, index) for n in MEETING_NUMBERS]
    domains = load_domains(folder / DOMAINS_FILE)
    facts = load_facts(folder / FACTS_FILE, index)
    try:
        return Playbook(meetings=meetings, domains=domains, facts=facts)
    except ValidationError as exc:
        field, reason = _first_problem(exc)
        file, field = _file_of(field)
        raise PlaybookError(file, field, reason) from exc


def load_meeting(path: Path, number: int, index: QuoteIndex | None = None) -> Meeting:
    try:
        meeting = Meeting.model_validate(_read_yaml(path))
    except ValidationError as exc:
        field, reason = _first_problem(exc)
        raise PlaybookError(path.name, field or WHOLE_FILE, reason) from exc
    if meeting.number != number:
        raise PlaybookError(path.name, "number", f"this file holds meeting {number}, not {meeting.number}")
    _require_languages(path, meeting)
    return meeting if index is None else _resolve_meeting(path, meeting, index)


def load_domains(path: Path) -> dict[MobilityDomain, LocalizedText]:
    data = _read_yaml(path)
    if "domains" not in data:
        raise PlaybookError(path.name, "domains", "missing")
    try:
        domains = _DOMAINS.validate_python(data["domains"])
    except ValidationError as exc:
        field, reason = _first_problem(exc)
        raise PlaybookError(path.name, _join("domains", field), reason) from exc
    for key, label in domains.items():
        _require_languages(path, label, f"domains.{key}")
    return domains


def load_facts(path: Path, index: QuoteIndex | None = None) -> tuple[Fact, ...]:
    """The method's facts (optional: no file, no facts)."""
    if not path.is_file():
        return ()
    data = _read_yaml(path)
    try:
        facts = _FACTS.validate_python(data.get("facts") or [])
    except ValidationError as exc:
        field, reason = _first_problem(exc)
        raise PlaybookError(path.name, _join("facts", field), reason) from exc
    for i, fact in enumerate(facts):
        _require_languages(path, fact.says, f"facts[{i}].says")
    if index is None:
        return tuple(facts)
    return tuple(fact.model_copy(update={"evidence": _resolve_all(path, f"facts[{i}].evidence", fact.evidence, index)})
                 for i, fact in enumerate(facts))


def _read_yaml(path: Path) -> dict:
    if not path.is_file():
        raise PlaybookError(path.name, WHOLE_FILE, f"not found in {path.parent}")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else WHOLE_FILE
        reason = f"not valid YAML: {getattr(exc, 'problem', None) or exc}"
        raise PlaybookError(path.name, where, reason) from exc
    except UnicodeDecodeError as exc:
        raise PlaybookError(path.name, WHOLE_FILE, "not UTF-8 text") from exc
    if not isinstance(data, dict):
        raise PlaybookError(path.name, WHOLE_FILE, "expected a mapping of fields")
    return data


def _require_languages(path: Path, model: BaseModel, prefix: str = "") -> None:
    for field, text in texts(model, prefix):
        for lang in text.missing():
            raise PlaybookError(path.name, _join(field, lang), "missing translation")


def _resolve_meeting(path: Path, meeting: Meeting, index: QuoteIndex) -> Meeting:
    steps = tuple(
        step.model_copy(update={"evidence": _resolve_all(path, f"steps[{i}].evidence", step.evidence, index)})
        for i, step in enumerate(meeting.steps)
    )
    evidence = _resolve_all(path, "evidence", meeting.evidence, index)
    return meeting.model_copy(update={"steps": steps, "evidence": evidence})


def _resolve_all(
    path: Path, field: str, items: tuple[Evidence, ...], index: QuoteIndex
) -> tuple[Evidence, ...]:
    resolved = []
    for i, item in enumerate(items):
        try:
            resolved.append(resolve(item, index))
        except FieldProblem as problem:
            raise PlaybookError(path.name, f"{field}[{i}].{problem.field}", problem.reason) from problem
    return tuple(resolved)


def _first_problem(exc: ValidationError) -> tuple[str, str]:
    """(field path, reason) of the first error, with the path a FieldProblem adds."""
    error = exc.errors()[0]
    path = _path(error["loc"])
    problem = error.get("ctx", {}).get("error")
    if isinstance(problem, FieldProblem):
        return _join(path, problem.field), problem.reason
    return path, str(problem) if isinstance(problem, ValueError) else error["msg"]


def _path(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _join(path: str, field: str) -> str:
    return f"{path}.{field}" if path and field else path or field


def _file_of(field: str) -> tuple[str, str]:
    """Map a playbook-level field path to (file, field inside it)."""
    head, _, rest = field.partition(".")
    if head.startswith("meetings[") and head.endswith("]"):
        return meeting_file(int(head[len("meetings[") : -1]) + 1), rest or WHOLE_FILE
    if head == "domains":
        return DOMAINS_FILE, field
    return PLAYBOOK_DIR, field
