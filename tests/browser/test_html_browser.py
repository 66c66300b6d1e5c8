"""The HTML report in a real headless browser (issue 13): it loads without a console error, its
charts render at a visible size, and a screenshot shows them.

Chromium and its chromedriver come from the system packages (``apt-get install -y chromium
chromium-driver``, which ``.ci/run`` does), driven by selenium through that chromedriver so nothing
is downloaded. The test is skipped only when those binaries are missing; any other failure fails.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner
from matplotlib.image import imread

from voicelint.cli import main
from voicelint.formatters.html import render_profile
from voicelint.vocabulary import TONE_DIMENSIONS

CHROMIUM = next(
    (found for name in ("chromium", "chromium-browser", "google-chrome") if (found := shutil.which(name))), None
)
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="no chromium/chromedriver binary: install the system packages (apt-get install -y chromium chromium-driver)",
)
#: The band and the median colour of the charts, as a screenshot shows them (RGB).
BAND_RGB = (0xCF, 0xE8, 0xD5)
MEDIAN_RGB = (0x1F, 0x3B, 0x57)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    assert CHROMIUM is not None and CHROMEDRIVER is not None
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1200,1000",
        "--hide-scrollbars",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def open_page(driver: Any, path: Path) -> list[dict[str, Any]]:
    """Load ``path`` and return the errors the page wrote to the console (read once, then cleared)."""
    driver.get(path.as_uri())
    assert driver.execute_script("return document.readyState") == "complete"
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def colours(png: Path) -> np.ndarray:
    pixels = imread(png)[..., :3]
    return np.unique((pixels.reshape(-1, 3) * 255).round().astype(int), axis=0)


def has_colour(found: np.ndarray, rgb: tuple[int, int, int], tolerance: int = 3) -> bool:
    return bool((np.abs(found - np.array(rgb)).max(axis=1) <= tolerance).any())


def assert_charts_render(driver: Any, expected: int, tmp_path: Path, name: str) -> None:
    from selenium.webdriver.common.by import By

    charts = driver.find_elements(By.CSS_SELECTOR, "svg.chart")
    assert len(charts) == expected
    for index, chart in enumerate(charts):
        driver.execute_script("arguments[0].scrollIntoView()", chart)
        size = chart.size
        assert size["width"] > 500 and size["height"] > 150, size
        shot = tmp_path / f"{name}-chart{index}.png"
        shot.write_bytes(chart.screenshot_as_png)
        found = colours(shot)
        assert has_colour(found, BAND_RGB), "the guide's band is painted"
        assert has_colour(found, MEDIAN_RGB), "the medians are painted"
        texts = driver.execute_script(
            "return Array.from(arguments[0].querySelectorAll('text'), t => t.textContent)", chart
        )
        assert set(TONE_DIMENSIONS) <= {t.strip() for t in texts}, texts


def test_the_harness_sees_console_errors(browser: Any, tmp_path: Path) -> None:
    """A page that tries to run a script logs an error (here: the report's own CSP refuses it)."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><meta http-equiv="Content-Security-Policy" content="default-src \'none\'">'
        "<script>window.x = 1</script><p>x</p>",
        encoding="utf-8",
    )
    assert open_page(browser, page), "a refused script must show up in the console log"


def test_check_report_opens_without_errors_and_shows_its_charts(browser: Any, tmp_path: Path) -> None:
    library = tmp_path / "replies.json"
    records = [
        {"id": f"r{i}", "agent": agent, "text": text}
        for i, (agent, text) in enumerate(
            [
                ("Ana", "Hi Sam, thanks for waiting. Your refund went out this morning, so it should arrive soon."),
                ("Ana", "Per our policy we cannot refund this order. Please log in to see the details."),
                ("Ben", "Hello! I'm so sorry about this. I have sent a new pair today and you'll have it Friday."),
                ("Ben", "Unfortunately we are unable to do that. <script>alert(1)</script> Kindly contact the store."),
                ("Cho", "Thanks for reaching out. I checked the order and it ships tomorrow by courier."),
            ]
            * 3
        )
    ]
    library.write_text(json.dumps(records, indent=1), encoding="utf-8")
    report = tmp_path / "report.html"
    run = CliRunner().invoke(main, ["check", str(library), "--format", "html", "-o", str(report), "--no-cache"])
    assert run.exit_code in (0, 1), run.output
    assert open_page(browser, report) == []
    assert browser.find_element("css selector", "h1").text == "voicelint check report"
    assert_charts_render(browser, 2, tmp_path, "check")  # channels, agents
    body = browser.find_element("css selector", "body").text
    assert "Worst documents" in body and f"{library}:" in body
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1200, min(height + 120, 8000))
    shot = tmp_path / "report.png"
    browser.save_screenshot(str(shot))
    assert len(colours(shot)) > 50, "the screenshot shows content, not a blank page"
    browser.set_window_size(1200, 1000)


def test_profile_report_opens_without_errors_and_shows_its_chart(browser: Any, tmp_path: Path) -> None:
    def spread(median: float) -> dict[str, float]:
        return {"median": median, "q1": median - 8, "q3": median + 8}

    profile = {
        "version": 1,
        "by": "agent",
        "documents": 30,
        "guide": {"name": "Acme", "path": None},
        "consistency": {"index": 64.0, "method": "share of tone variation within agents"},
        "groups": [
            {
                "name": name,
                "documents": 10,
                "tone": {dim: spread(base + 5 * i) for i, dim in enumerate(TONE_DIMENSIONS)},
                "scriptedness": spread(20),
                "grade": spread(6),
                "greetings": {"Hi": 4},
                "sign_offs": {f"^{name}": 9},
                "terms": {"preferred": {"sign in": 2}, "avoided": {}},
            }
            for name, base in (("JS", 30.0), ("RR", 40.0), ("<b>MK</b>", 55.0))
        ],
        "outliers": [
            {
                "group": "<b>MK</b>",
                "dimension": "personal",
                "value": 80.0,
                "typical": [40.0, 60.0],
                "why": "personal 80 against the team's 40–60",
            }
        ],
        "ranges": {"social": {dim: [10, 70] for dim in TONE_DIMENSIONS}},
    }
    page = tmp_path / "profile.html"
    page.write_text(render_profile(profile), encoding="utf-8")
    assert open_page(browser, page) == []
    assert_charts_render(browser, 1, tmp_path, "profile")
    assert "<b>MK</b>" in browser.find_element("css selector", "#consistency").text, "shown as text, not bold"
