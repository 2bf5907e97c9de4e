"""The web app in headless Chromium (Playwright): Ask, citations into Sources, Evaluate, escaping.

Needs Debian's Chromium at /usr/bin/chromium (`make browser`); skipped with a reason without it.
Screenshots of each tab go to artifacts/screenshots/.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from .conftest import CORPUS, ROOT
from .test_ui_api import RED_FLAG, app_settings, selector_kind, start_app

CHROMIUM = Path(os.environ.get("MISS_QA_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = ROOT / "artifacts" / "screenshots"
ANSWERABLE = "What are the advantages of minimally invasive spine surgery?"
TIMEOUT = 60_000  # ms; the CPU is shared with other work

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}: install it with `make browser` "
                                                     "(apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One app (models loaded once) for every test in this module."""
    from qa.assistant import Assistant

    settings = app_settings(tmp_path_factory, "browser")
    assistant = Assistant.from_settings(settings, selector=selector_kind())
    app, url = start_app(assistant, settings)
    yield {"url": url, "settings": settings, "assistant": assistant}
    app.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page_at(browser, server):
    """Open the app at a viewport width; afterwards check no dialog fired and nothing left the machine."""
    opened = []

    def open_(width: int = 1280, height: int = 900):
        ctx = browser.new_context(viewport={"width": width, "height": height})
        page = ctx.new_page()
        page.set_default_timeout(TIMEOUT)
        page.dialogs, page.external = [], []
        page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda r: page.external.append(r.url)
                if not r.url.startswith((server["url"].rstrip("/"), "data:", "blob:")) else None)
        page.goto(server["url"])
        page.wait_for_selector("#qa-question textarea")
        opened.append((ctx, page))
        return page

    yield open_
    for ctx, page in opened:
        assert page.dialogs == [], f"a dialog fired: {page.dialogs}"
        assert page.external == [], f"the page loaded something from outside the app: {page.external}"
        ctx.close()


def ask(page, question: str):
    """Type a question, press Enter, and return the new turn once its answer is shown."""
    n = page.locator("#qa-conversation .qa-turn").count()
    box = page.locator("#qa-question textarea")
    box.fill(question)
    box.press("Enter")
    page.wait_for_function(f"document.querySelectorAll('#qa-conversation .qa-turn').length > {n}")
    return page.locator("#qa-conversation .qa-turn").nth(n)


def upload(page, elem: str, path: Path, attempts: int = 3):
    """Give a file to a gr.File; tries again if the freshly shown tab re-mounted its input meanwhile."""
    for attempt in range(attempts):
        try:
            page.locator(elem).wait_for(state="visible", timeout=TIMEOUT // attempts)
            page.locator(f"{elem} input[type=file]").set_input_files(str(path), timeout=TIMEOUT // attempts)
            page.wait_for_function(f"document.querySelector('{elem}').innerText.includes('{path.name}')",
                                   timeout=TIMEOUT // attempts)
            return
        except Exception:
            if attempt == attempts - 1:
                raise


def shot(page, name: str):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(400)  # let Gradio's update fade-in finish
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_enter_shows_an_answer_with_citation(page_at):
    page = page_at()
    turn = ask(page, ANSWERABLE)
    answer = turn.locator(".qa-answer")
    assert answer.get_attribute("data-status") == "answered"
    assert turn.locator(".qa-quote mark").count() >= 1
    assert turn.locator(".qa-cite").count() >= 1
    assert turn.locator(".qa-hint").inner_text().strip()
    assert page.locator("#qa-question textarea").input_value() == ""  # cleared for the next question
    # the citation expands to its surrounding passage
    turn.locator(".qa-cite summary").first.click()
    assert turn.locator(".qa-cite .qa-context mark").first.is_visible()
    # an example question can be clicked
    n = page.locator("#qa-conversation .qa-turn").count()
    page.get_by_role("button", name="Could the screws come loose after surgery?").click()
    page.wait_for_function(f"document.querySelectorAll('#qa-conversation .qa-turn').length > {n}")


def test_red_flag_shows_the_urgent_banner_before_the_answer(page_at):
    page = page_at()
    ask(page, ANSWERABLE)
    turn = ask(page, RED_FLAG)
    banner, quote = turn.locator(".qa-urgent"), turn.locator(".qa-quote")
    assert banner.is_visible() and quote.is_visible()
    assert banner.bounding_box()["y"] < quote.bounding_box()["y"]
    assert turn.evaluate("t => !!(t.querySelector('.qa-urgent').compareDocumentPosition("
                         "t.querySelector('.qa-quote')) & Node.DOCUMENT_POSITION_FOLLOWING)")
    # the newest answer is scrolled into view, banner first
    assert page.evaluate("() => { const b = [...document.querySelectorAll('.qa-urgent')].pop().getBoundingClientRect();"
                         " return b.top >= 0 && b.top < window.innerHeight; }")
    shot(page, "ask-desktop")


def test_citation_opens_in_sources_with_the_passage_highlighted(page_at, server):
    page = page_at()
    turn = ask(page, ANSWERABLE)
    turn.locator(".qa-cite summary").first.click()
    button = turn.locator(".qa-open").first
    doc, start, end = button.get_attribute("data-doc"), int(button.get_attribute("data-start")), int(button.get_attribute("data-end"))
    button.click()
    mark = page.locator("#qa-document mark#qa-mark")
    mark.wait_for(state="visible")
    assert page.get_by_role("tab", name="Sources").get_attribute("aria-selected") == "true"
    expected = (CORPUS / doc).read_text(encoding="utf-8")[start:end]
    assert mark.inner_text() == " ".join(expected.split()) or mark.text_content() == expected
    assert page.locator("#qa-start input").input_value() == str(start)
    # scrolled into view
    page.wait_for_function("() => { const r = document.querySelector('#qa-mark').getBoundingClientRect();"
                           " return r.top >= 0 && r.bottom <= window.innerHeight; }")
    # a search shows dense / lexical ranks, and a row opens in the viewer
    search = page.locator("#qa-search textarea")
    search.fill("screws loosening")
    search.press("Enter")
    page.wait_for_function("document.querySelector('#qa-hits').innerText.includes('.txt')")
    header = page.locator("#qa-hits").inner_text()
    assert "dense rank" in header and "lexical rank" in header
    shot(page, "sources-desktop")


def test_evaluate_runs_an_uploaded_question_set(page_at, tmp_path):
    page = page_at()
    qs = tmp_path / "mini.jsonl"
    lines = [
        {"id": "m1", "question": ANSWERABLE, "kind": "answerable", "answers": ["quicker recovery"]},
        {"id": "m2", "question": RED_FLAG, "kind": "emergency"},
        {"id": "m3", "question": "What is the capital of France?", "kind": "unanswerable"},
    ]
    qs.write_text("\n".join(json.dumps(x) for x in lines) + "\nthis line is not json\n", encoding="utf-8")
    page.get_by_role("tab", name="Evaluate").click()
    page.locator("#qa-run-eval").wait_for(state="visible")
    upload(page, "#qa-upload", qs)
    page.locator("#qa-run-eval").click()
    page.wait_for_function("['m1', 'm2', 'm3'].every(id => document.querySelector('#qa-results').innerText.includes(id))",
                           timeout=180_000)
    table = page.locator("#qa-results").inner_text()
    assert "m1" in table and "m2" in table and "m3" in table and "urgent" in table
    assert "line 4" in page.locator("#qa-problems").inner_text()
    assert "accuracy" in page.locator("#qa-summary").inner_text()
    assert page.locator("#qa-report iframe").count() == 1
    page.get_by_role("button", name="Download predictions (JSONL)").wait_for(state="visible")
    page.get_by_role("button", name="Download report (HTML)").wait_for(state="visible")
    with page.expect_download() as dl:
        page.get_by_role("button", name="Download predictions (JSONL)").click()
    records = [json.loads(line) for line in Path(dl.value.path()).read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["m1", "m2", "m3"] and all("verdicts" in r for r in records)
    with page.expect_download() as dl:
        page.get_by_role("button", name="Download report (HTML)").click()
    assert "<svg" in Path(dl.value.path()).read_text(encoding="utf-8")  # the plots
    shot(page, "evaluate-desktop")


def test_script_question_shows_as_text(page_at):
    page = page_at()
    q = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    turn = ask(page, q)
    assert turn.locator(".qa-bubble").inner_text() == q
    assert page.locator("#qa-conversation script, #qa-conversation img").count() == 0
    page.wait_for_timeout(500)  # a dialog would have fired by now; the fixture checks none did


def test_questions_are_not_kept_in_browser_storage(page_at):
    page = page_at()
    ask(page, "zebra-marker question about my recovery")
    page.wait_for_timeout(500)
    stored = page.evaluate("""async () => {
      const out = [JSON.stringify(localStorage), JSON.stringify(sessionStorage)];
      for (const d of (await indexedDB.databases())) out.push(d.name);
      return out.join(' '); }""")
    assert "zebra-marker" not in stored and "zebra" not in stored


def test_feedback_is_stored(page_at, server):
    from qa.feedback import FeedbackStore

    page = page_at()
    turn = ask(page, ANSWERABLE)
    turn.locator(".qa-comment").fill("clear answer")
    turn.locator(".qa-rate[data-rating='up']").click()
    page.locator("#qa-conversation .qa-turn").last.locator(".qa-thanks").wait_for()
    rows = FeedbackStore.for_settings(server["settings"]).all()
    assert rows and rows[-1].rating == "up" and rows[-1].comment == "clear answer"
    assert rows[-1].record["question"] == ANSWERABLE and rows[-1].question == ANSWERABLE
    # staff export it as CSV from the Sources tab
    page.get_by_role("tab", name="Sources").click()
    page.get_by_role("button", name="Export feedback as CSV").click()
    download_btn = page.locator("#qa-feedback-csv")
    download_btn.wait_for(state="visible")
    with page.expect_download() as dl:
        download_btn.click()
    csv_text = Path(dl.value.path()).read_text(encoding="utf-8-sig")
    assert csv_text.startswith("id,created_at,rating,comment,question") and "clear answer" in csv_text


def test_phone_width(page_at):
    page = page_at(390, 844)
    ask(page, ANSWERABLE)
    ask(page, RED_FLAG)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 391, "horizontal scrolling at 390px"
    assert page.locator(".qa-urgent").last.is_visible()
    shot(page, "ask-phone")


def test_locked_staff_tabs(browser, tmp_path_factory):
    """With a staff password, Sources and Evaluate show only the password box until unlocked."""
    from .test_ui_api import start_app as start

    settings = app_settings(tmp_path_factory, "locked")
    from qa.assistant import Assistant

    assistant = Assistant.from_settings(settings, selector="cosine")
    app, url = start(assistant, settings, staff_password="open sesame")
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(TIMEOUT)
        page.goto(url)
        page.wait_for_selector("#qa-question textarea")
        # a citation opened from Ask waits behind the password, then shows once unlocked
        turn = ask(page, ANSWERABLE)
        turn.locator(".qa-cite summary").first.click()
        turn.locator(".qa-open").first.click()
        page.get_by_label("Staff password").first.wait_for(state="visible")
        assert page.locator("#qa-search").count() == 0 or not page.locator("#qa-search").is_visible()
        pw = page.get_by_label("Staff password").first
        pw.fill("wrong")
        pw.press("Enter")
        page.wait_for_timeout(1000)
        assert page.locator("#qa-search").count() == 0 or not page.locator("#qa-search").is_visible()
        pw.fill("open sesame")
        pw.press("Enter")
        page.locator("#qa-search").wait_for(state="visible")
        page.locator("#qa-document mark#qa-mark").wait_for(state="visible")
        page.get_by_role("tab", name="Evaluate").click()
        page.locator("#qa-run-eval").wait_for(state="visible")  # one unlock opens both staff tabs
        page.close()
    finally:
        app.close()


@pytest.fixture(scope="module", autouse=True)
def _fresh_screenshots():
    if SHOTS.exists():
        shutil.rmtree(SHOTS)
    yield
