"""``voicelint profile`` end to end on small libraries written here: grouping, JSON schema, exit codes."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from voicelint.cli import main

CASUAL = [
    "Hi {n}! So sorry about that, I've sorted it for you now and you're all set. Thanks!",
    "Hey {n}, great news: your refund is on its way and should land by Friday. Thanks!",
    "Hi {n}! I've reset the password for you, so you can sign in again right now. Thanks!",
]
FORMAL = [
    "Dear customer, we regret to inform you that the request cannot be processed at this time. Regards",
    "Dear customer, please be advised that the aforementioned account shall be reviewed accordingly. Regards",
    "Dear customer, kindly note that your correspondence has been forwarded to the relevant department. Regards",
]
NAMES = ["Sam", "Lee", "Ana", "Kim", "Jo", "Max"]


def _records() -> list[dict[str, str]]:
    """Four agents who write alike (24 casual replies) and one who does not (6 formal ones)."""
    records = []
    for agent, templates in (("ana", CASUAL), ("cat", CASUAL), ("dan", CASUAL), ("eve", CASUAL), ("bob", FORMAL)):
        for i in range(6):
            text = templates[i % 3].format(n=NAMES[i])
            channel = "chat" if agent == "bob" else "email"
            company = "Acme" if agent != "bob" else "Globex"
            records.append({"id": f"{agent}{i}", "agent": agent, "channel": channel, "company": company, "text": text})
    return records


def run(args: list[str], cwd: Path) -> Result:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, ["profile", "--no-cache", "-j", "1", *args], catch_exceptions=False)
    finally:
        os.chdir(old)


def as_json(result: Result) -> dict[str, Any]:
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("profile")
    (folder / "replies.json").write_text(json.dumps(_records()), encoding="utf-8")
    same = [
        dict(r, agent=("ana" if i % 2 else "cat"), text=CASUAL[i % 3].format(n=NAMES[i % 6]))
        for i, r in enumerate(_records())
    ]
    (folder / "one_voice.json").write_text(json.dumps(same), encoding="utf-8")
    with (folder / "tweets.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["tweet_id", "text"])
        for i in range(4):
            writer.writerow([f"{i}", f"@12{i} {CASUAL[i % 3].format(n=NAMES[i])} ^AB"])
            writer.writerow([f"{i + 10}", f"@13{i} {CASUAL[i % 3].format(n=NAMES[i])} ^CD"])
        writer.writerow(["99", "@140 We are looking into it."])
    (folder / "empty").mkdir()
    return folder


@pytest.fixture(scope="module")
def by_agent(library: Path) -> dict[str, Any]:
    return as_json(run(["--format", "json", "replies.json"], library))


def test_json_has_the_shared_schema(by_agent: dict[str, Any]) -> None:
    assert {"version", "by", "documents", "guide", "consistency", "groups", "outliers", "ranges"} <= set(by_agent)
    assert by_agent["version"] == 1 and by_agent["by"] == "agent" and by_agent["documents"] == 30
    assert set(by_agent["consistency"]) >= {"index", "method"}
    group = by_agent["groups"][0]
    assert {"name", "documents", "tone", "scriptedness", "grade", "greetings", "sign_offs", "terms"} <= set(group)
    assert set(group["tone"]) == {"formality", "warmth", "negativity", "enthusiasm", "hedging", "personal"}
    assert set(group["tone"]["formality"]) == {"median", "q1", "q3"}
    assert set(group["terms"]) == {"preferred", "avoided"}
    assert set(by_agent["ranges"]) == {"chat", "email"}
    low, high = by_agent["ranges"]["email"]["formality"]
    assert 0 <= low < high <= 100


def test_agent_field_groups_and_forms_are_counted(by_agent: dict[str, Any]) -> None:
    groups = {g["name"]: g for g in by_agent["groups"]}
    assert set(groups) == {"ana", "bob", "cat", "dan", "eve"} and all(g["documents"] == 6 for g in groups.values())
    assert groups["ana"]["greetings"] == {"Hi": 4, "Hey": 2}
    assert groups["bob"]["greetings"] == {"Dear": 6} and groups["bob"]["sign_offs"] == {"Regards": 6}
    assert groups["ana"]["terms"]["preferred"]["sign in"] == 2 and "sign in" not in groups["bob"]["terms"]["preferred"]
    assert groups["bob"]["tone"]["formality"]["median"] > groups["ana"]["tone"]["formality"]["q3"]


def test_the_agent_who_drifts_is_an_outlier_with_why(by_agent: dict[str, Any]) -> None:
    drifting = {o["group"] for o in by_agent["outliers"]}
    assert drifting == {"bob"}
    formality = [o for o in by_agent["outliers"] if o["dimension"] == "formality"]
    assert formality and formality[0]["value"] > formality[0]["typical"][1]
    assert formality[0]["why"].startswith("agent bob: formality median ")


def test_one_voice_is_more_consistent_than_a_team_with_a_drifting_agent(
    library: Path, by_agent: dict[str, Any]
) -> None:
    one_voice = as_json(run(["--format", "json", "one_voice.json"], library))
    assert one_voice["consistency"]["index"] > 90
    assert by_agent["consistency"]["index"] < one_voice["consistency"]["index"] - 20
    shares = by_agent["consistency"]["between_share"]
    assert shares["formality"] > 0.5 and max(one_voice["consistency"]["between_share"].values()) < 0.1
    assert one_voice["outliers"] == []


def test_signatures_name_the_agents_of_a_branded_account(library: Path) -> None:
    data = as_json(run(["--format", "json", "--channel", "social", "tweets.csv"], library))
    groups = {g["name"]: g for g in data["groups"]}
    assert set(groups) == {"^AB", "^CD", "(unattributed)"}
    assert groups["^AB"]["documents"] == 4 and groups["^AB"]["sign_offs"]["^XX"] == 4
    assert groups["(unattributed)"]["attributed"] is False and data["consistency"]["groups"] == 2


def test_channel_file_and_field_grouping(library: Path) -> None:
    channels = as_json(run(["--format", "json", "--by", "channel", "replies.json"], library))
    assert {g["name"]: g["documents"] for g in channels["groups"]} == {"email": 24, "chat": 6}
    files = as_json(run(["--format", "json", "--by", "file", "replies.json", "one_voice.json"], library))
    assert {g["name"]: g["documents"] for g in files["groups"]} == {"replies.json": 30, "one_voice.json": 30}
    company = as_json(run(["--format", "json", "--by", "field:company", "replies.json"], library))
    assert {g["name"]: g["documents"] for g in company["groups"]} == {"Acme": 24, "Globex": 6}


def test_text_report_shows_the_table_index_and_outliers(library: Path) -> None:
    result = run(["--no-color", "replies.json"], library)
    assert result.exit_code == 0
    assert "Consistency index" in result.stdout and "bob" in result.stdout
    assert "Outliers" in result.stdout and "agent bob: formality median" in result.stdout


def test_output_file(library: Path, tmp_path: Path) -> None:
    target = tmp_path / "profile.json"
    result = run(["--format", "json", "-o", str(target), "replies.json"], library)
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["documents"] == 30


def test_unknown_group_key_is_a_usage_error_with_a_hint(library: Path) -> None:
    result = run(["--by", "agnet", "replies.json"], library)
    assert result.exit_code == 2 and "did you mean 'agent'" in result.output
    assert run(["--by", "field:", "replies.json"], library).exit_code == 2


def test_no_documents_is_a_clear_error(library: Path) -> None:
    result = run(["empty"], library)
    assert result.exit_code == 2 and "no documents to profile" in result.output


def test_help_documents_the_index_and_the_outlier_rule(library: Path) -> None:
    result = run(["--help"], library)
    assert result.exit_code == 0
    assert "omega squared" in result.output and "1 IQR" in result.output and "field:NAME" in result.output


def test_html_renders_the_profile_into_one_file(library: Path, by_agent: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "profile.html"
    result = run(["--format", "html", "-o", str(out), "replies.json"], library)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") or page.lstrip().lower().startswith("<!doctype html>")
    assert "<svg" in page and "http://" not in page.replace("http://www.w3.org", "")
    for group in by_agent["groups"]:
        assert group["name"] in page
    assert f"{by_agent['consistency']['index']:.1f}" in page or f"{by_agent['consistency']['index']:.0f}" in page


def test_unknown_channel_is_a_usage_error(library: Path) -> None:
    result = run(["--channel", "fax", "replies.json"], library)
    assert result.exit_code == 2 and "unknown channel 'fax'" in result.output


def test_a_broken_file_is_reported_and_the_rest_is_still_profiled(library: Path, tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text('[{"text": "Hi"', encoding="utf-8")
    result = run(["--format", "json", str(library / "replies.json"), str(tmp_path / "broken.json")], library)
    assert result.exit_code == 2 and "broken.json" in result.stderr
    assert json.loads(result.stdout)["documents"] == 30
