"""Broken playbook files give a PlaybookError naming the file and the field."""

from __future__ import annotations

import pytest

from assistant.errors import ForumError
from assistant.playbook.errors import PlaybookError
from assistant.playbook.loader import PLAYBOOK_DIR, load_playbook, playbook_fingerprint


def step_index(data: dict, action: str) -> int:
    return next(i for i, s in enumerate(data["steps"]) if s["phone"]["action"] == action)


def load_error(prompts, passages=None) -> PlaybookError:
    with pytest.raises(PlaybookError) as caught:
        load_playbook(prompts, passages)
    return caught.value


def test_the_copy_loads(prompts_copy, shipped_passages):
    assert len(load_playbook(prompts_copy, shipped_passages).meetings) == 4


def test_bad_yaml_names_file_and_line(prompts_copy):
    path = prompts_copy / PLAYBOOK_DIR / "meeting-2.yaml"
    path.write_text("number: 2\ntitle: {he: [unclosed\n", encoding="utf-8")
    error = load_error(prompts_copy)
    assert error.file == "meeting-2.yaml"
    assert error.field.startswith("line ")
    assert "YAML" in error.reason


def test_collect_without_kind(edit_meeting):
    def change(data):
        i = step_index(data, "collect")
        del data["steps"][i]["phone"]["kind"]
        change.index = i

    error = load_error(edit_meeting(1, change))
    assert (error.file, error.field) == ("meeting-1.yaml", f"steps[{change.index}].phone.kind")


def test_unknown_kind(edit_meeting):
    def change(data):
        data["steps"][step_index(data, "collect")]["phone"]["kind"] = "wish"

    error = load_error(edit_meeting(3, change))
    assert error.file == "meeting-3.yaml" and error.field.endswith(".phone.kind")


def test_unknown_output(edit_meeting):
    def change(data):
        data["steps"][0]["outputs"] = ["no_such_output"]

    error = load_error(edit_meeting(2, change))
    assert (error.file, error.field) == ("meeting-2.yaml", "steps[0].outputs[0]")
    assert "no_such_output" in error.reason


def test_quote_not_in_corpus(edit_meeting, shipped_passages):
    def change(data):
        data["steps"][1]["evidence"][0]["quote"] = "משפט שאינו מופיע בשום מסמך בקורפוס"

    error = load_error(edit_meeting(4, change), shipped_passages)
    assert (error.file, error.field) == ("meeting-4.yaml", "steps[1].evidence[0].quote")


def test_quote_checked_only_with_passages(edit_meeting):
    def change(data):
        data["evidence"][0]["quote"] = "משפט שאינו מופיע בשום מסמך בקורפוס"

    prompts = edit_meeting(4, change)
    assert load_playbook(prompts).meetings[3].evidence[0].passage_ids == ()


def test_unknown_document(edit_meeting, shipped_passages):
    def change(data):
        data["evidence"][0]["document"] = "no-such-document"

    error = load_error(edit_meeting(1, change), shipped_passages)
    assert (error.file, error.field) == ("meeting-1.yaml", "evidence[0].document")


def test_quote_too_long(edit_meeting):
    def change(data):
        data["evidence"][0]["quote"] = " ".join(["מילה"] * 16)

    error = load_error(edit_meeting(1, change))
    assert error.field == "evidence[0].quote" and "16" in error.reason


def test_step_with_zero_minutes(edit_meeting):
    def change(data):
        data["steps"][2]["minutes"] = 0

    error = load_error(edit_meeting(3, change))
    assert (error.file, error.field) == ("meeting-3.yaml", "steps[2].minutes")


def test_total_out_of_range(edit_meeting):
    def change(data):
        data["steps"][0]["minutes"] += 40

    error = load_error(edit_meeting(2, change))
    assert (error.file, error.field) == ("meeting-2.yaml", "steps")
    assert "190" in error.reason


def test_duplicate_step_id(edit_meeting):
    def change(data):
        data["steps"][3]["id"] = data["steps"][2]["id"]

    error = load_error(edit_meeting(1, change))
    assert error.field == "steps[3]" and "duplicate" in error.reason


def test_missing_translation(edit_meeting):
    def change(data):
        data["steps"][1]["tips"][0]["ar"] = ""

    error = load_error(edit_meeting(2, change))
    assert (error.file, error.field) == ("meeting-2.yaml", "steps[1].tips[0].ar")


def test_unknown_placeholder(edit_meeting):
    def change(data):
        data["title"]["en"] = "A concept of {domian}"

    error = load_error(edit_meeting(1, change))
    assert error.field == "title.en" and "domian" in error.reason


def test_vote_needs_poll_parameters(edit_meeting):
    def change(data):
        data["steps"][step_index(data, "vote")]["phone"]["poll"]["cap"] = 99
        change.index = step_index(data, "vote")

    error = load_error(edit_meeting(1, change))
    assert error.field == f"steps[{change.index}].phone.poll.cap"


def test_ranking_takes_no_dots(edit_meeting):
    def change(data):
        data["steps"][step_index(data, "vote")]["phone"]["poll"]["dots"] = 3

    error = load_error(edit_meeting(2, change))
    assert error.field.endswith(".phone.poll.dots")


def test_vote_before_any_collect(edit_meeting):
    def change(data):
        vote = data["steps"].pop(step_index(data, "vote"))
        data["steps"].insert(0, vote)

    error = load_error(edit_meeting(3, change))
    assert error.field == "steps[0].phone.poll.kind"


def test_results_of_a_later_step(edit_meeting):
    def change(data):
        data["steps"][0]["phone"] = {"action": "results", "results_of": data["steps"][-1]["id"]}

    error = load_error(edit_meeting(4, change))
    assert error.field == "steps[0].phone.results_of"


def test_input_from_a_later_meeting(edit_meeting):
    def change(data):
        data["inputs"] = ["tasks"]
        for step in data["steps"]:
            step.pop("uses", None)

    error = load_error(edit_meeting(3, change))
    assert (error.file, error.field) == ("meeting-3.yaml", "inputs[0]")
    assert "earlier meeting" in error.reason


def test_step_uses_something_not_declared(edit_meeting):
    def change(data):
        data["steps"][0]["uses"] = ["vision"]

    error = load_error(edit_meeting(2, change))
    assert error.field == "steps[0].uses[0]"


def test_ranked_output_without_vote(edit_meeting):
    def change(data):
        data["outputs"][0]["ranked"] = True  # shared_concept is never voted on

    error = load_error(edit_meeting(1, change))
    assert error.field == "outputs[0].ranked"


def test_wrong_meeting_number(edit_meeting):
    error = load_error(edit_meeting(2, lambda data: data.update(number=3)))
    assert (error.file, error.field) == ("meeting-2.yaml", "number")


def test_missing_file(prompts_copy):
    (prompts_copy / PLAYBOOK_DIR / "meeting-4.yaml").unlink()
    error = load_error(prompts_copy)
    assert (error.file, error.field) == ("meeting-4.yaml", "(file)")


def test_missing_domain(prompts_copy):
    path = prompts_copy / PLAYBOOK_DIR / "domains.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.split("  employment:")[0], encoding="utf-8")
    error = load_error(prompts_copy)
    assert (error.file, error.field) == ("domains.yaml", "domains")
    assert "employment" in error.reason


def test_error_is_a_forum_error_with_a_catalog_key(prompts_copy):
    (prompts_copy / PLAYBOOK_DIR / "meeting-1.yaml").write_text("- just a list\n", encoding="utf-8")
    error = load_error(prompts_copy)
    assert isinstance(error, ForumError)
    assert error.key == "error.playbook"
    assert set(error.params) == {"file", "field", "reason"}


def test_fingerprint_follows_the_files(prompts_copy):
    before = playbook_fingerprint(prompts_copy)
    assert playbook_fingerprint(prompts_copy) == before
    path = prompts_copy / PLAYBOOK_DIR / "meeting-3.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert playbook_fingerprint(prompts_copy) != before
