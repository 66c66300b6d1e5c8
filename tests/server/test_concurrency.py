"""Many clients at once: each gets the answer to its own request, and spaCy is never entered twice."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

import voicelint.pipeline
from voicelint import client
from voicelint.api import lint_text, load_guide

THREADS = 20
REQUESTS_PER_THREAD = 5
NAMES = ["Dana", "Lee", "Sam", "Priya", "Olu", "Marta", "Kenji", "Ana", "Tom", "Zoe"]
OPENINGS = [
    "Per our policy, order {n} cannot be refunded.",
    "Hi {name}, I have sent the new card for order {n} today.",
    "Unfortunately we are unable to ship order {n}, {name}. Do not hesitate to contact us!!!",
    "Please be advised that order {n} requires you to log in first.",
    "Thanks {name}! Order {n} is on its way and should arrive on Monday.",
]


def draft(thread: int, index: int) -> str:
    """A different text for every request, with different violations at different offsets."""
    n = thread * 100 + index
    opening = OPENINGS[(thread + index) % len(OPENINGS)]
    return opening.format(n=n, name=NAMES[n % len(NAMES)]) + " " * (index % 3) + f" Ref {n}."


def test_concurrent_clients_each_get_their_own_result(server_socket: str) -> None:
    guide = load_guide("support-default")
    expected = {
        (t, i): lint_text(draft(t, i), guide=guide, path=f"draft-{t}-{i}.txt").to_dict()
        for t in range(THREADS)
        for i in range(REQUESTS_PER_THREAD)
    }
    assert len({str(report["documents"]) for report in expected.values()}) == len(expected)
    start = threading.Barrier(THREADS)

    def worker(thread: int) -> list[tuple[tuple[int, int], dict[str, Any]]]:
        answers = []
        start.wait()
        with client.Connection(server_socket, timeout=60) as connection:
            for index in range(REQUESTS_PER_THREAD):
                request_id = f"{thread}-{index}"
                path = f"draft-{thread}-{index}.txt"
                text = draft(thread, index)
                response = connection.request({"id": request_id, "op": "lint", "text": text, "path": path})
                assert response.pop("id") == request_id
                answers.append(((thread, index), response))
        return answers

    with ThreadPoolExecutor(THREADS) as pool:
        results = [answer for answers in pool.map(worker, range(THREADS)) for answer in answers]
    assert len(results) == THREADS * REQUESTS_PER_THREAD
    for key, response in results:
        assert response == expected[key], f"request {key} got another request's report"


def test_lint_calls_never_overlap(server_socket: str, monkeypatch: pytest.MonkeyPatch) -> None:
    real_text_results = voicelint.pipeline.text_results
    inside = 0
    most_inside = 0
    count_lock = threading.Lock()

    def counting_text_results(*args: Any, **kwargs: Any) -> Any:
        nonlocal inside, most_inside
        with count_lock:
            inside += 1
            most_inside = max(most_inside, inside)
        try:
            return list(real_text_results(*args, **kwargs))  # the whole lint, inside the count
        finally:
            with count_lock:
                inside -= 1

    monkeypatch.setattr(voicelint.pipeline, "text_results", counting_text_results)

    def one(index: int) -> dict[str, Any]:
        return client.lint_via_server(draft(index, 0), socket_path=server_socket, timeout=60)

    with ThreadPoolExecutor(8) as pool:
        reports = list(pool.map(one, range(24)))
    assert len(reports) == 24
    assert most_inside == 1
