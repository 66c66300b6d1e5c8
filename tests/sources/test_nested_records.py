"""Nested records and transcripts: ``library.text_field`` paths, ``library.where`` and ``agent_field``.

Fixtures are modelled on the shapes of public conversation data: ABCD-style records
(``{"convo_id": ..., "original": [["agent", "text"], ...]}``), IBM-style dialogs (a list of turns
where the agent's turns carry an ``agent`` field), and transcripts with ``turns[].{role,text}``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voicelint.api import lint_paths
from voicelint.sources import InputError, ReadOptions, read_text
from voicelint.sources.base import where_conditions

BANNED = "per our policy"


def _guide(tmp_path: Path, library: dict[str, Any]) -> str:
    lines = ["version: 1", "banned:", f"  - phrase: {BANNED}", "library:"]
    lines += [f"  {key}: {json.dumps(value)}" for key, value in library.items()]
    path = tmp_path / "guide.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def _lint(tmp_path: Path, name: str, text: str, library: dict[str, Any], **options: object) -> dict[str, Any]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    report = lint_paths([str(path)], guide=_guide(tmp_path, library), **options)
    return report.to_dict()


def _expected(text: str, marker: str) -> tuple[int, int]:
    """Line and column of the banned phrase inside the unique ``marker`` of the file."""
    assert text.count(marker) == 1
    offset = text.index(marker) + marker.index(BANNED)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _banned(report: dict[str, Any]) -> list[tuple[str | None, str | None, int, int]]:
    return [
        (document["id"], document["agent"], violation["line"], violation["column"])
        for document in report["documents"]
        for violation in document["violations"]
        if violation["rule"] == "VL101"
    ]


TURNS_JSON = """[
  {"id": "conv-7", "agent": "sam", "turns": [
    {"role": "customer", "text": "Is this per our policy? Where is my refund?"},
    {"role": "agent", "text": "Let me check that for you."},
    {"role": "agent", "author": "kim", "text": "I can\\u2019t do that per our policy, sorry."}
  ]},
  {"id": "conv-8", "turns": [
    {"role": "Agent", "text": "Happy to help."}
  ]}
]
"""

TURNS_YAML = """- id: conv-7
  agent: sam
  turns:
    - role: customer
      text: Is this per our policy? Where is my refund?
    - role: agent
      text: Let me check that for you.
    - role: agent
      author: kim
      text: >-
        I can't do that
        per our policy, sorry.
- id: conv-8
  turns:
    - {role: Agent, text: Happy to help.}
"""


@pytest.mark.parametrize(("name", "text"), [("t.json", TURNS_JSON), ("t.yaml", TURNS_YAML)])
def test_turns_path_where_agent_and_exact_location(tmp_path, name, text):
    report = _lint(tmp_path, name, text, {"text_field": "turns[].text", "where": {"role": "agent"}})
    assert report["errors"] == []
    documents = {document["id"]: document for document in report["documents"]}
    # Only agent turns (case-insensitive), each with the record's id and its 1-based position.
    assert sorted(documents) == ["conv-7#2", "conv-7#3", "conv-8#1"]
    # The agent from the turn first, then from its record; null when neither names one.
    assert documents["conv-7#2"]["agent"] == "sam"
    assert documents["conv-7#3"]["agent"] == "kim"
    assert documents["conv-8#1"]["agent"] is None
    line, column = _expected(text, "that per our policy" if name.endswith("json") else "  per our policy, sorry")
    assert _banned(report) == [("conv-7#3", "kim", line, column)]


@pytest.mark.parametrize(("name", "text"), [("t.json", TURNS_JSON), ("t.yaml", TURNS_YAML)])
def test_without_where_every_turn_is_read(tmp_path, name, text):
    report = _lint(tmp_path, name, text, {"text_field": "turns[].text"})
    ids = [document["id"] for document in report["documents"]]
    assert ids == ["conv-7#1", "conv-7#2", "conv-7#3", "conv-8#1"]
    assert [hit[0] for hit in _banned(report)] == ["conv-7#1", "conv-7#3"]


def test_text_field_option_wins_over_the_guide(tmp_path):
    report = _lint(tmp_path, "t.json", TURNS_JSON, {"text_field": "body"}, text_field="turns[].text")
    assert len(report["documents"]) == 4 and report["errors"] == []


ABCD_JSON = """[{"convo_id": 3592, "scenario": {"flow": "refund"}, "original": [
  ["agent", "Hi!"],
  ["customer", "They said per our policy no refunds."],
  ["agent", "We can refund you per our policy on returns."],
  ["action", "Account has been pulled up."]
]}]
"""

ABCD_YAML = """- convo_id: 3592
  original:
    - [agent, Hi!]
    - [customer, They said per our policy no refunds.]
    - [agent, "We can refund you per our policy on returns."]
    - [action, Account has been pulled up.]
"""


@pytest.mark.parametrize(("name", "text"), [("a.json", ABCD_JSON), ("a.yaml", ABCD_YAML)])
def test_list_of_pairs(tmp_path, name, text):
    library = {"text_field": "original[].1", "id_field": "convo_id", "where": {0: "agent"}}
    report = _lint(tmp_path, name, text, library)
    assert report["errors"] == []
    assert [document["id"] for document in report["documents"]] == ["3592#1", "3592#3"]
    line, column = _expected(text, "you per our policy on")
    assert _banned(report) == [("3592#3", None, line, column)]


IBM_JSON = """[
  {"dialogHeader": {"sessionID": "LgwA"},
   "dialogContent": [
     {"client": "CinVakas", "message": "@TeamYouTube per our policy you must reply"},
     {"agent": "TeamYouTube", "message": "@CinVakas Sorry, per our policy we can't. ^SJ"},
     {"agent": "", "message": "Thanks!"}
   ]}
]
"""


def test_ibm_dialogs_agent_turns_by_presence_of_the_agent_field(tmp_path):
    library = {"text_field": "dialogContent[].message", "where": {"agent": "*"}}
    report = _lint(tmp_path, "d.json", IBM_JSON, library)
    assert report["errors"] == []
    documents = report["documents"]
    # No id field: the record's position is its id. An empty agent is present but unknown.
    assert [(document["id"], document["agent"]) for document in documents] == [("#1#2", "TeamYouTube"), ("#1#3", None)]
    line, column = _expected(IBM_JSON, "Sorry, per our policy")
    assert _banned(report) == [("#1#2", "TeamYouTube", line, column)]


NESTED_MAPPING_JSON = """{"tickets": [
  {"id": "t-1", "reply": {"meta": {"author": "lee"}, "content": {"text": "Denied per our policy."}}},
  {"id": "t-2", "reply": {"content": {"html": "<p>Hello</p>"}}},
  {"id": "t-3", "reply": {"content": {"text": "Sure thing."}}}
]}
"""

NESTED_MAPPING_YAML = """tickets:
  - id: t-1
    reply:
      meta: {author: lee}
      content:
        text: |
          Denied per our policy.
  - id: t-2
    reply: {content: {html: <p>Hello</p>}}
  - id: t-3
    reply: {content: {text: Sure thing.}}
"""


@pytest.mark.parametrize(("name", "text"), [("n.json", NESTED_MAPPING_JSON), ("n.yaml", NESTED_MAPPING_YAML)])
def test_nested_mapping_path_and_missing_field_error(tmp_path, name, text):
    library = {"text_field": "reply.content.text", "agent_field": "reply.meta.author"}
    report = _lint(tmp_path, name, text, library)
    assert [(document["id"], document["agent"]) for document in report["documents"]] == [("t-1", "lee"), ("t-3", None)]
    line, column = _expected(text, "Denied per our policy")
    assert _banned(report) == [("t-1", "lee", line, column)]
    [error] = report["errors"]
    assert error["path"].endswith(name)
    assert "'t-2'" in error["message"] and "'text'" in error["message"] and "reply.content.text" in error["message"]
    # At the mapping that lacks the field.
    assert error["line"] == text.count("\n", 0, text.index("<p>Hello")) + 1


MESSAGES_JSON = """{"id": "c-1", "author": "ana", "messages": [
  {"body": "Hello there."},
  {"body": 42},
  {"note": "no body here"},
  {"body": "Refused per our policy."}
]}
"""


def test_single_record_file_with_messages_and_errors_for_bad_turns(tmp_path):
    report = _lint(tmp_path, "m.json", MESSAGES_JSON, {"text_field": "messages[].body"})
    assert [(document["id"], document["agent"]) for document in report["documents"]] == [
        ("c-1#1", "ana"),
        ("c-1#2", "ana"),
        ("c-1#4", "ana"),
    ]
    [error] = report["errors"]
    assert "record 'c-1#3' has no field 'body'" in error["message"] and "messages[].body" in error["message"]
    assert error["line"] == 4
    line, column = _expected(MESSAGES_JSON, "Refused per our policy")
    assert _banned(report) == [("c-1#4", "ana", line, column)]


def test_path_problems_name_file_record_and_field():
    text = '[{"id": "a", "turns": "not a list"}, {"id": "b"}, "plain", {"id": "c", "turns": [{"text": "Fine."}]}]'
    options = ReadOptions(text_fields=("turns[].text",))
    items = list(read_text("x.json", text, options))
    errors = [item.message for item in items if isinstance(item, InputError)]
    assert errors == [
        "record 'a' has a field 'turns' that is not a list (text field 'turns[].text')",
        "record 'b' has no field 'turns' (text field 'turns[].text')",
        "record '#3' has no field 'turns' (text field 'turns[].text')",
    ]
    assert [item.record_id for item in items if not isinstance(item, InputError)] == ["c#1"]


def test_where_does_not_excuse_a_record_level_problem():
    text = '[{"id": "a"}, {"id": "b", "turns": [{"role": "customer"}, {"role": "agent", "text": "Hi."}]}]'
    options = ReadOptions(text_fields=("turns[].text",), where=where_conditions({"role": "agent"}))
    items = list(read_text("x.json", text, options))
    # A customer turn without text is filtered out before it could be an error; a record without
    # turns is an error whatever ``where`` says.
    assert [item.message if isinstance(item, InputError) else item.record_id for item in items] == [
        "record 'a' has no field 'turns' (text field 'turns[].text')",
        "b#2",
    ]


@pytest.mark.parametrize("path", ["turns..text", "turns[0].text", "[].text", "turns[]x.text"])
def test_a_bad_path_is_one_error_for_the_file(path):
    items = list(read_text("x.json", '[{"turns": [{"text": "Hi."}]}]', ReadOptions(text_fields=(path,))))
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert repr(path) in items[0].message and "not valid" in items[0].message


def test_where_on_plain_records_and_agent_on_records():
    text = (
        '[{"id": "a", "author": "kim", "body": "Hi.", "status": "active"},'
        ' {"id": "b", "body": "Yo.", "status": "draft"}]'
    )
    options = ReadOptions(where=where_conditions({"status": ["active", "live"]}))
    items = list(read_text("x.json", text, options))
    assert [(item.record_id, item.agent) for item in items] == [("a", "kim")]


def test_plain_field_names_read_as_before():
    text = '[{"id": "a", "a.b": "Literal dotted key.", "body": "Body."}]'
    [document] = list(read_text("x.json", text, ReadOptions(text_fields=("a.b",))))
    assert document.text == "Literal dotted key." and document.agent is None
    [document] = list(read_text("x.json", text, ReadOptions()))
    assert document.text == "Body." and document.record_id == "a"


def test_json_lines_ids_use_the_line_number():
    text = '{"turns": [{"text": "One."}]}\n{"turns": [{"text": "Two."}, {"text": "Three."}]}\n'
    items = list(read_text("x.jsonl", text, ReadOptions(text_fields=("turns[].text",))))
    assert [item.record_id for item in items] == ["#1#1", "#2#1", "#2#2"]


def test_report_agent_key_round_trips_and_old_reports_still_load(tmp_path):
    from voicelint.report import DocumentResult

    report = _lint(tmp_path, "t.json", TURNS_JSON, {"text_field": "turns[].text"})
    document = report["documents"][0]
    assert DocumentResult.from_dict(document).to_dict() == document
    old = {key: value for key, value in document.items() if key != "agent"}
    assert DocumentResult.from_dict(old).agent is None


def test_guide_validates_where_and_agent_field(tmp_path):
    from voicelint.api import load_guide

    path = tmp_path / "g.yaml"
    path.write_text("version: 1\nlibrary:\n  where: {role: [agent, bot], 0: agent}\n  agent_field: [who, agent]\n")
    guide = load_guide(str(path))
    assert guide.library["where"] == {"role": ["agent", "bot"], "0": "agent"}
    path.write_text("version: 1\nlibrary:\n  where: agent\n")
    with pytest.raises(Exception, match="where"):
        load_guide(str(path))


def test_a_nested_id_field():
    text = '[{"dialogHeader": {"sessionID": "LgwA"}, "dialogContent": [{"agent": "Acme", "message": "Hi."}]}]'
    options = ReadOptions(text_fields=("dialogContent[].message",), id_fields=("dialogHeader.sessionID",))
    [document] = list(read_text("x.json", text, options))
    assert (document.record_id, document.agent) == ("LgwA#1", "Acme")


_TURN_TEXTS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=40
)
_TRANSCRIPTS = st.lists(
    st.lists(st.tuples(st.sampled_from(["agent", "customer"]), _TURN_TEXTS), max_size=5), min_size=1, max_size=4
)


@settings(max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TRANSCRIPTS, st.sampled_from(["json", "json-ascii", "yaml", "yaml-pairs", "json-pairs"]))
def test_generated_transcripts_map_every_agent_character_into_the_file(conversations, shape):
    pairs = shape.endswith("pairs")
    records = [
        {"id": f"c{n}", "turns": [[role, text] if pairs else {"role": role, "text": text} for role, text in turns]}
        for n, turns in enumerate(conversations)
    ]
    if shape.startswith("json"):
        name, text = "t.json", json.dumps(records, ensure_ascii=shape == "json-ascii", indent=1)
        loaded = json.loads(text)
    else:
        name, text = "t.yaml", yaml.safe_dump(records, allow_unicode=True, width=30)
        loaded = yaml.safe_load(text)
    options = ReadOptions(
        text_fields=("turns[].1" if pairs else "turns[].text",),
        where=where_conditions({"0" if pairs else "role": "agent"}),
        clean_records=False,
    )
    items = list(read_text(name, text, options))
    assert not [item for item in items if isinstance(item, InputError)]
    expected = [
        (f"{record['id']}#{index}", turn[1] if pairs else turn["text"])
        for record in loaded
        for index, turn in enumerate(record["turns"], 1)
        if (turn[0] if pairs else turn["role"]) == "agent"
    ]
    assert [(item.record_id, item.text) for item in items] == expected
    for document in items:
        offsets = [document.file_offset(index) for index in range(len(document.text) + 1)]
        assert offsets == sorted(offsets)
        for index, char in enumerate(document.text):
            found = text[document.file_offset(index)]
            if char.isprintable() and not char.isspace():
                assert found in (char, "\\")
