"""The web app's API: `/ask` through `gradio_client`, on the real corpus and models."""
from __future__ import annotations

import os
import socket

import pytest

from .conftest import CORPUS, ROOT

pytestmark = pytest.mark.slow
RECORD_KEYS = {"id", "question", "status", "answer", "citations", "passages", "urgency", "notice", "confidence", "timings_ms"}
RED_FLAG = "my ankles and feet have swollen up and feel warm since my back surgery"


# ---- helpers shared with test_browser.py -------------------------------------------------------
def selector_kind() -> str:
    """The trained answer selector once its model files exist, else the cosine baseline."""
    from qa import select

    trained = getattr(select, "OnnxSelector", None)  # what Assistant.from_settings(selector="trained") loads
    if trained is not None:
        return "trained" if trained().available() else "cosine"
    return "trained" if (ROOT / "qa" / "models" / "selector" / "config.json").exists() else "cosine"


def app_settings(tmp_path_factory, name: str):
    """Settings on the bundled corpus; one index per test session (built by the first user), own data dir."""
    from qa.settings import Settings

    base = tmp_path_factory.getbasetemp()
    return Settings.load(overrides={"corpus_dir": CORPUS, "index_dir": base / "ui-index",
                                    "data_dir": tmp_path_factory.mktemp(f"{name}-data")})


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(assistant, settings, staff_password: str = ""):
    """Launch the app on a free local port without blocking; returns (app, url)."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    from ui.app import build_app

    app = build_app(assistant, settings, staff_password=staff_password)
    port = free_port()
    app.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=port, quiet=True, share=False)
    return app, f"http://127.0.0.1:{port}/"


# ---- fixtures -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    from qa.assistant import Assistant

    settings = app_settings(tmp_path_factory, "api")
    return Assistant.from_settings(settings, selector=selector_kind())


@pytest.fixture(scope="module")
def server(assistant):
    app, url = start_app(assistant, assistant.settings)
    yield url
    app.close()


@pytest.fixture(scope="module")
def client(server):
    from gradio_client import Client

    return Client(server, verbose=False)


def _check_verbatim(rec: dict) -> None:
    for c in rec["citations"]:
        text = (CORPUS / c["doc"]).read_text(encoding="utf-8")
        assert text[c["start"]:c["end"]] == c["quote"]
    for p in rec["passages"]:
        text = (CORPUS / p["doc"]).read_text(encoding="utf-8")
        assert text[p["start"]:p["end"]] == p["text"]


# ---- tests --------------------------------------------------------------------------------------
def test_only_ask_is_a_public_endpoint(client):
    api = client.view_api(print_info=False, return_format="dict")
    assert set(api["named_endpoints"]) == {"/ask"}
    assert not api.get("unnamed_endpoints")


@pytest.mark.parametrize("question", [
    "What are the advantages of minimally invasive spine surgery?",
    "Could the screws come loose after surgery?",
    "What is the capital of France?",
])
def test_ask_returns_the_answer_record(client, question):
    rec = client.predict(question, api_name="/ask")
    assert isinstance(rec, dict) and RECORD_KEYS <= set(rec)
    assert rec["question"] == question
    assert rec["status"] in {"answered", "no_answer", "urgent"}
    assert 0.0 <= rec["confidence"] <= 1.0 and rec["timings_ms"]["total"] > 0
    _check_verbatim(rec)
    if rec["status"] == "no_answer":
        assert rec["answer"] is None and rec["citations"] == [] and rec["notice"]
    else:
        assert rec["citations"] and rec["answer"] in rec["citations"][0]["quote"]


def test_ask_answers_from_the_documents(client):
    rec = client.predict("What are the advantages of minimally invasive spine surgery?", api_name="/ask")
    assert rec["status"] == "answered"
    _check_verbatim(rec)


def test_ask_passes_the_id_through(client):
    rec = client.predict("How long is the recovery?", "q-42", api_name="/ask")
    assert rec["id"] == "q-42"


def test_red_flag_question_is_urgent(client):
    rec = client.predict(RED_FLAG, api_name="/ask")
    assert rec["status"] == "urgent" and rec["urgency"] in {"emergency", "contact_care_team"} and rec["notice"]
    _check_verbatim(rec)


def test_same_record_as_the_python_api(client, assistant):
    q = "What are the advantages of minimally invasive spine surgery?"
    via_http = client.predict(q, api_name="/ask")
    direct = assistant.ask(q).to_record()
    for key in ("status", "answer", "citations", "urgency", "notice"):
        assert via_http[key] == direct[key]


@pytest.mark.parametrize("question", ["", "   "])
def test_empty_question_is_a_clear_error(client, question):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError) as err:
        client.predict(question, api_name="/ask")
    msg = str(err.value)
    assert "question is empty" in msg and "Traceback" not in msg


def test_script_question_comes_back_as_data(client):
    rec = client.predict("<script>alert(1)</script>", api_name="/ask")
    assert rec["question"] == "<script>alert(1)</script>" and RECORD_KEYS <= set(rec)


def test_staff_actions_refuse_a_locked_session(assistant):
    """With a staff password, Sources/Evaluate handlers refuse sessions that have not unlocked."""
    import gradio as gr

    from ui.app import Handlers

    h = Handlers(assistant, assistant.settings, staff_password="s3cret")
    for call in (lambda: h.search(False, "screws", 5), lambda: h.show_document(False, next(iter(assistant.index.docs)), 0, 5),
                 lambda: h.export_feedback(False), lambda: h.evaluate(False, "x.jsonl", None),
                 lambda: h.rebuild(False, None)):
        with pytest.raises(gr.Error):
            call()
    assert h.status(False) == ""
    # a wrong password keeps the session locked, the right one unlocks it
    with pytest.warns(UserWarning, match="Wrong staff password"):  # a toast in the app
        assert h.unlock("nope", None)[0] is False
    assert h.unlock("s3cret", None)[0] is True
    rows, hits = h.search(True, "screws", 3)
    assert len(rows) == len(hits) == 3


def test_rebuild_refreshes_the_index_and_reports_status(assistant):
    from ui.app import Handlers

    h = Handlers(assistant, assistant.settings, staff_password="")
    messages = []
    status_html, choices = h.rebuild(True, lambda *a, **k: messages.append(k.get("desc")))
    assert "up to date" in status_html and messages
    assert {v for _, v in choices["choices"]} == set(assistant.index.docs)


def test_serve_exits_nonzero_when_a_model_is_missing(tmp_path_factory, capsys):
    from ui.app import serve

    settings = app_settings(tmp_path_factory, "serve").replace(selector_path=str(tmp_path_factory.mktemp("no-model")))
    with pytest.raises(SystemExit) as exc:
        serve(settings, port=free_port())
    assert exc.value.code == 2
    assert "cannot start" in capsys.readouterr().err


def test_serve_exits_nonzero_when_the_index_cannot_be_built(tmp_path_factory, capsys):
    from qa.settings import Settings
    from ui.app import serve

    tmp = tmp_path_factory.mktemp("broken")
    settings = Settings.load(overrides={"corpus_dir": tmp / "no-such-corpus", "index_dir": tmp / "index",
                                        "data_dir": tmp / "data"})
    with pytest.raises(SystemExit) as exc:
        serve(settings, port=free_port(), selector="cosine")
    assert exc.value.code == 2
    assert "cannot start" in capsys.readouterr().err
