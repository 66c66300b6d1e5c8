"""How voicelint reads real support libraries: records found against a person's count, and where
the findings fall.

    python -m benchmarks.library_reading ../shared/corpora

For each library in the shared corpora (Paysend macros, osTicket templates, Blender and Arduino
canned responses, the open-source saved replies, ASAPP ABCD agent turns, IBM customer-care
dialogs) it runs ``voicelint check --format json`` the way a user would (with a small guide
where the library needs a text path) and prints the documents found beside the count a person
made by reading the file (``HAND_COUNTS``: headings that start a reply, macros, agent turns), then
checks every word-level finding against the original file, independently of voicelint's own
readers:

- *title*: the finding lies on a heading line (Markdown), a JSON key (Paysend's macro titles) or
  a YAML field that is not a reply body (``name``, ``title``, ``notes``, ``subject``);
- *placeholder*: the matched text holds template syntax (``%{...}``, ``{{...}}``, ``[CAPS]``,
  ``XXXX``), or for a sentence-length finding is mostly made of it;
- *customer*: in a transcript, the finding is in a customer's turn;
- *excluded*: a document came from a file a folder walk should skip (``LICENSE``, ``README``).

Document-level findings (tone, grade, length of a whole reply) are not word-level and are left out
of the checks. Nothing here is a test: the tests use fixtures written for them.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from voicelint.rules import all_rules

#: Findings about a whole document (tone, grade, length) and across documents (VL601), not words.
DOCUMENT_LEVEL = frozenset(rule.code for rule in all_rules() if rule.document_level or rule.code == "VL601")
SENTENCE_LEVEL = {"VL202"}
PLACEHOLDER = re.compile(r"%\{[^}]*\}|\{\{.*?\}\}|\{%.*?%\}|\[[A-Z][A-Z0-9 _#-]+\]|X{4,}")
YAML_TITLE_KEYS = {"name", "title", "notes", "subject", "isenabled"}
EXCLUDED_NAME = re.compile(r"^(LICENSE|README|CHANGELOG|CONTRIBUTING)", re.IGNORECASE)


@dataclass
class Library:
    name: str
    paths: list[str]
    #: Records a person counts by reading the files (what a reply is, in the notes).
    hand_count: int
    how_counted: str
    guide: dict[str, Any] = field(default_factory=dict)


LIBRARIES = [
    Library("Paysend macros", ["paysend_agent_macros/macros.json"], 265, "one per key of the JSON object"),
    Library(
        "osTicket templates",
        ["osticket_templates_yaml"],
        38,
        "32 page/email bodies, 2 canned responses (premade.yaml), 2 help tips, 2 ticket messages",
    ),
    Library("Blender canned responses", ["blender_bugtracker_canned_responses"], 15, "reply headings"),
    Library("Arduino canned replies", ["arduino_forum_canned_replies"], 6, "one reply file per folder"),
    Library(
        "Angular CLI saved replies",
        ["saved_replies_oss_maintainers/angular-cli__SAVED_REPLIES.md"],
        12,
        "reply headings",
    ),
    Library(
        "Prometheus saved replies",
        ["saved_replies_oss_maintainers/prometheus_docs__snippets_saved_replies.md"],
        9,
        "reply headings",
    ),
    Library(
        "freeCodeCamp reply templates",
        ["saved_replies_oss_maintainers/freecodecamp_contribute__reply-templates.mdx"],
        14,
        "reply headings",
    ),
    Library(
        "ASAPP ABCD agent turns",
        ["asapp_abcd_sample/abcd_sample.json"],
        32,
        'turns ["agent", text] of the 3 conversations',
        {"library": {"text_field": "original[].1", "where": {0: "agent"}}},
    ),
    Library(
        "IBM customer-care dialogs (dev), agent turns",
        ["ibm_twitter_customer_care_cdp/dev.json"],
        61,
        "dialogContent items with an agent",
        {"library": {"text_field": "dialogContent[].message", "where": {"agent": "*"}}},
    ),
]


def run(library: Library, corpora: Path, scratch: Path) -> dict[str, Any]:
    command = [sys.executable, "-m", "voicelint", "check", "--format", "json", "--no-cache"]
    if library.guide:
        guide = scratch / f"{abs(hash(library.name))}.yaml"
        guide.write_text(json.dumps({"version": 1, "extends": "support-default", **library.guide}), encoding="utf-8")
        command += ["--guide", str(guide)]
    command += [str(corpora / path) for path in library.paths]
    out = subprocess.run(command, capture_output=True, text=True, check=False)
    if out.returncode not in (0, 1):
        raise SystemExit(f"{library.name}: voicelint exited {out.returncode}: {out.stderr[-2000:]}")
    return json.loads(out.stdout)


def _yaml_owner(lines: list[str], line: int) -> str:
    """The top-level (or list item) key whose value holds ``line`` (1-based)."""
    for index in range(line - 1, -1, -1):
        match = re.match(r"^(?:- |  )?([A-Za-z_]+):", lines[index])
        if match and not lines[index].startswith("    "):
            return match.group(1)
    return ""


def _json_string_start(text: str, offset: int) -> int:
    """Where the JSON string holding ``offset`` opens (the quote's offset)."""
    index = offset - 1
    while index >= 0:
        if text[index] == '"':
            backslashes = 0
            while text[index - 1 - backslashes] == "\\":
                backslashes += 1
            if backslashes % 2 == 0:
                return index
        index -= 1
    return -1


def problems(violation: dict[str, Any], path: str, text: str) -> list[str]:
    """What is wrong with where one word-level finding falls (empty: nothing)."""
    found = []
    lines = text.splitlines()
    line = lines[violation["line"] - 1] if violation["line"] <= len(lines) else ""
    match = violation.get("match", "")
    placeholder_chars = sum(len(m.group()) for m in PLACEHOLDER.finditer(match))
    # A sentence-length finding spans whole sentences, placeholders included; any other finding
    # touching template syntax, or any made mostly of it, is on a placeholder.
    if placeholder_chars and (violation["rule"] not in SENTENCE_LEVEL or 2 * placeholder_chars >= len(match)):
        found.append("placeholder")
    if path.endswith((".md", ".mdx")) and re.match(r"^\s{0,3}(#{1,6}\s|-{4,}\s)", line):
        found.append("title")
    if path.endswith(".yaml") and _yaml_owner(lines, violation["line"]) in YAML_TITLE_KEYS:
        found.append("title")
    if path.endswith(".json"):
        start = _json_string_start(text, violation["offset"])
        after = text[start + 1 :]
        closing = re.match(r'(?:[^"\\]|\\.)*"\s*:', after)
        if closing:
            found.append("title")  # the string is an object key
        before = text[max(0, start - 20) : start]
        if re.search(r'\[\s*"customer"\s*,\s*$', before):
            found.append("customer")
        if "dialogContent" in text[:200_000] and '"client"' in text[max(0, start - 400) : start].split("{")[-1]:
            found.append("customer")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpora", type=Path, help="the shared corpora folder")
    args = parser.parse_args(argv)
    print(
        "| library | documents found | counted by hand | word-level findings | on a title | on a placeholder "
        "| on a customer turn | from a skipped file |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    failed = False
    with tempfile.TemporaryDirectory() as scratch:
        for library in LIBRARIES:
            report = run(library, args.corpora, Path(scratch))
            counts = {"title": 0, "placeholder": 0, "customer": 0}
            word_level = 0
            skipped = sum(1 for d in report["documents"] if EXCLUDED_NAME.match(Path(d["path"]).name))
            texts: dict[str, str] = {}
            for document in report["documents"]:
                path = document["path"]
                if path not in texts:
                    texts[path] = Path(path).read_text(encoding="utf-8-sig")
                for violation in document["violations"]:
                    if violation["rule"] in DOCUMENT_LEVEL:
                        continue
                    word_level += 1
                    for problem in problems(violation, path, texts[path]):
                        counts[problem] += 1
                        print(
                            f"  {problem}: {path}:{violation['line']}:{violation['column']} "
                            f"{violation['rule']} {violation.get('match', '')[:60]!r}",
                            file=sys.stderr,
                        )
            documents = len(report["documents"])
            failed |= documents != library.hand_count or any(counts.values()) or skipped > 0
            print(
                f"| {library.name} | {documents} | {library.hand_count} ({library.how_counted}) | {word_level} "
                f"| {counts['title']} | {counts['placeholder']} | {counts['customer']} | {skipped} |"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
