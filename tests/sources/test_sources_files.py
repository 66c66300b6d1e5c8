"""Files and folders: decoding, unreadable paths, folder walking, registry, large inputs."""

from __future__ import annotations

import json
import os
from pathlib import Path

from voicelint.document import Document
from voicelint.sources import (
    InputError,
    decode,
    discover,
    is_supported,
    read_file,
    read_text,
    supported_extensions,
)


def test_decode_strips_bom_and_reports_first_bad_byte():
    assert decode("a.txt", b"\xef\xbb\xbfHello") == "Hello"
    error = decode("a.txt", "line one\ncafé \xff here".encode("latin-1").replace(b"caf\xe9", "café".encode()))
    assert isinstance(error, InputError)
    assert (error.line, error.column) == (2, 6)
    assert "0xFF" in error.message and str(error).startswith("a.txt:2:6: not valid UTF-8")


def test_invalid_utf8_file_is_an_error_for_that_file_only(tmp_path: Path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Hello\nWorld \xe9t\xe9\n")
    good = tmp_path / "good.txt"
    good.write_text("Thanks!\n", encoding="utf-8")
    [error] = list(read_file(str(bad)))
    assert isinstance(error, InputError) and (error.line, error.column) == (2, 7)
    [doc] = list(read_file(str(good)))
    assert isinstance(doc, Document) and doc.text == "Thanks!\n"


def test_utf16_is_explained(tmp_path: Path):
    path = tmp_path / "u16.txt"
    path.write_bytes("Hi".encode("utf-16"))
    [error] = list(read_file(str(path)))
    assert isinstance(error, InputError) and "UTF-16" in error.message


def test_missing_path_and_folder_are_errors(tmp_path: Path):
    [missing] = list(read_file(str(tmp_path / "nope.yaml")))
    assert isinstance(missing, InputError) and missing.message == "no such file or folder"
    assert str(missing) == f"{tmp_path / 'nope.yaml'}: no such file or folder"
    [folder] = list(read_file(str(tmp_path)))
    assert isinstance(folder, InputError) and "folder" in folder.message


def test_empty_library_files_give_nothing(tmp_path: Path):
    for name in ("e.txt", "e.md", "e.yaml", "e.json", "e.csv", "e.jsonl"):
        path = tmp_path / name
        path.write_bytes(b"")
        assert list(read_file(str(path))) == [], name


def test_registry_covers_every_format():
    assert {".txt", ".md", ".yaml", ".yml", ".json", ".jsonl", ".csv", ".tsv"} <= set(supported_extensions())
    assert is_supported("lib/Macros.JSON") and not is_supported("photo.png")


def test_discover_walks_sorted_and_skips_hidden_config_and_excluded(tmp_path: Path):
    files = [
        "b/replies.csv",
        "a/z.md",
        "a/a.yaml",
        "a/.hidden.yaml",
        ".git/x.md",
        "node_modules/m/y.md",
        ".voicelint_cache/c.json",
        "voicelint.yaml",
        ".pre-commit-config.yaml",
        "guide.yaml",
        "notes.txt",
        "image.png",
        ".secret/s.txt",
    ]
    for name in files:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    found = list(discover([str(tmp_path)], exclude=[str(tmp_path / "guide.yaml")]))
    relative = [os.path.relpath(str(item), tmp_path) for item in found]
    assert relative == [
        os.path.join("a", "a.yaml"),
        os.path.join("a", "z.md"),
        os.path.join("b", "replies.csv"),
        "notes.txt",
    ]


def test_discover_yields_explicit_files_as_given_and_reports_missing(tmp_path: Path):
    explicit = tmp_path / "reply.rst"
    explicit.write_text("Hi", encoding="utf-8")
    results = list(discover([str(explicit), str(tmp_path / "missing"), "-"]))
    assert results[0] == str(explicit)
    assert isinstance(results[1], InputError) and results[1].message == "no such file or folder"
    assert results[2] == "-"


def test_five_megabyte_plain_and_markdown_files(tmp_path: Path):
    paragraph = "We are sorry for the delay. Please see https://example.com/help and `code` here.\n"
    text = paragraph * (5_000_000 // len(paragraph) + 1)
    for name in ("big.txt", "big.md"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        [doc] = list(read_file(str(path)))
        assert isinstance(doc, Document) and len(doc.text) == len(text)
        last = doc.text.rindex("sorry")
        span = doc.locate(last, last + 5)
        assert span.start.line == text.count("\n")
    assert "https" not in doc.text and "code" not in doc.text


def test_large_json_and_csv_libraries(tmp_path: Path):
    # Megabytes of records (a quadratic step would never finish); 5 MB timings are in the report.
    records = [{"id": f"r{i}", "body": f'Reply {i}: we\u2019re "on it" &amp; done.'} for i in range(20_000)]
    path = tmp_path / "big.json"
    path.write_text(json.dumps(records, indent=1), encoding="utf-8")
    assert path.stat().st_size > 1_000_000
    documents = list(read_file(str(path)))
    assert len(documents) == 20_000 and all(isinstance(d, Document) for d in documents)
    last = documents[-1]
    assert isinstance(last, Document) and last.text == 'Reply 19999: we’re "on it" & done.'
    start = last.text.index("on it")
    span = last.locate(start, start + 5)
    assert last.source.text[span.start.offset : span.end.offset] == "on it"
    rows = "".join(f'{i},"Reply {i}, line one\nline two ""quoted"" {"x" * 60}"\n' for i in range(20_000))
    path = tmp_path / "big.csv"
    path.write_text("id,text\n" + rows, encoding="utf-8")
    documents = list(read_file(str(path)))
    assert len(documents) == 20_000
    assert isinstance(documents[-1], Document) and documents[-1].line == 2 + 2 * 19_999


def test_reader_bug_becomes_an_input_error(monkeypatch):
    from voicelint.sources import json_library

    def broken(text: str, start: int = 0, end: int | None = None) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(json_library, "parse", broken)
    [error] = list(read_text("x.json", "[]"))
    assert isinstance(error, InputError) and "RuntimeError: boom" in error.message
