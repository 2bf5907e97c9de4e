"""Web app: Ask (patients), Sources (staff), Evaluate (evaluators), and the `/ask` API endpoint.

Layout and one handler per action; answers, HTML and feedback storage come from `qa/`.

    miss-qa serve                       # http://127.0.0.1:7860
    MISS_QA_STAFF_PASSWORD=... miss-qa serve --host 0.0.0.0

>>> from gradio_client import Client                                # doctest: +SKIP
>>> Client("http://127.0.0.1:7860").predict("Could the screws come loose?", api_name="/ask")  # doctest: +SKIP
"""

import datetime as _dt
import hmac
import os
import sys
import tempfile
from pathlib import Path

PASSWORD_ENV = "MISS_QA_STAFF_PASSWORD"
CSS_PATH = Path(__file__).with_name("app.css")
EXAMPLES = (
    "Could the screws come loose after surgery?",
    "How long does recovery take after minimally invasive spine surgery?",
    "What are the advantages over open surgery?",
    "When should I go to the emergency room after my operation?",
)
HITS_WIDTHS = ["4%", "6%", "6%", "6%", "6%", "10%", "12%", "14%", "5%", "5%", "26%"]
EVAL_WIDTHS = ["7%", "25%", "9%", "35%", "17%", "7%"]
LOCKED = "Staff only: enter the staff password on this tab to use it."

# Browser-side behaviour of two HTML components (see the files for what each does).
CONVERSATION_JS = Path(__file__).with_name("conversation.js")
DOCUMENT_JS = Path(__file__).with_name("document.js")
SCROLL_TO_MARK_JS = "() => { setTimeout(() => { const m = document.querySelector('#qa-mark'); if (m) m.scrollIntoView({block: 'center'}); }, 150); }"


def _gradio():
    """Import gradio with analytics off (the environment variable must be set before the import).

    Gradio's browser-side run history is off too: questions stay out of a shared computer's
    browser storage, whoever launches the app.
    """
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("GRADIO_RUN_HISTORY", "False")
    import gradio as gr

    return gr


class Handlers:
    """One method per UI action; each calls the library and returns what the components show."""

    def __init__(self, assistant, settings, staff_password: str | None):
        from qa.feedback import FeedbackStore, QuestionLog

        self.assistant = assistant
        self.settings = settings
        self.password = staff_password or None
        self.store = FeedbackStore.for_settings(settings) if settings.feedback_enabled else None
        self.log = QuestionLog.for_settings(settings)
        self.doc_texts = {d: doc.text for d, doc in assistant.index.docs.items()}

    # ---- Ask -------------------------------------------------------------------------------
    def conversation(self, turns):
        from qa.render import conversation_html

        return conversation_html(turns, self.doc_texts, self.store is not None)

    def chat(self, question, turns):
        gr = _gradio()
        from qa.answer import QuestionError

        try:
            record = self.assistant.ask(question).to_record()
        except QuestionError as exc:
            gr.Warning(str(exc))
            return self.conversation(turns), turns, question
        self.log.write("question", {"question": question, "record": record})
        turns = [*turns, {"record": record, "feedback": None}]
        return self.conversation(turns), turns, ""

    def api_ask(self, question, id=None) -> dict:
        gr = _gradio()
        from qa.answer import QuestionError

        try:
            record = self.assistant.ask(question, id=id).to_record()
        except QuestionError as exc:
            raise gr.Error(str(exc)) from None
        self.log.write("question", {"question": question, "record": record, "via": "api"})
        return record

    def feedback(self, turns, evt):
        gr = _gradio()
        if self.store is None:
            raise gr.Error("Feedback is turned off.")
        i = int(evt._data.get("turn", -1))
        if not 0 <= i < len(turns):
            raise gr.Error("That answer is no longer in this conversation.")
        rating, comment = str(evt._data.get("rating")), str(evt._data.get("comment") or "")
        turn = dict(turns[i])
        record = turn["record"]
        if turn.get("feedback"):
            self.store.update(turn["feedback"]["id"], rating, comment)
            fid = turn["feedback"]["id"]
        else:
            fid = self.store.add(record.get("question") or "", record, rating, comment)
        turn["feedback"] = {"id": fid, "rating": rating, "comment": comment}
        self.log.write("feedback", {"question": record.get("question"), "rating": rating, "comment": comment})
        turns = [*turns[:i], turn, *turns[i + 1:]]
        return self.conversation(turns), turns

    def clear(self):
        return self.conversation([]), []

    def open_source(self, staff, evt):
        """A citation's "Open in Sources": switch tabs and show the document with the passage marked."""
        gr = _gradio()
        doc, start, end = str(evt._data.get("doc")), int(evt._data.get("start", 0)), int(evt._data.get("end", 0))
        request = {"doc": doc, "start": start, "end": end}
        if not staff:
            return (gr.Tabs(selected="sources"), gr.update(), gr.update(), gr.update(), gr.update(), gr.update(), request)
        return (gr.Tabs(selected="sources"), *self._show(doc, start, end), None)

    # ---- Staff access ------------------------------------------------------------------------
    def unlock(self, password, pending):
        gr = _gradio()
        ok = self.password is None or hmac.compare_digest(str(password or "").encode(), self.password.encode())
        if not ok:
            gr.Warning("Wrong staff password.")
            return (False, gr.update(), gr.update(), gr.update(), gr.update(), "", "", *[gr.update()] * 5)
        shown = self._show(pending["doc"], pending["start"], pending["end"]) if pending else [gr.update()] * 5
        return (True, gr.update(visible=False), gr.update(visible=False), gr.update(visible=True),
                gr.update(visible=True), "", "", *shown)

    def _staff(self, staff):
        if not staff:
            raise _gradio().Error(LOCKED)

    # ---- Sources -----------------------------------------------------------------------------
    def search(self, staff, query, k):
        gr = _gradio()
        from qa.answer import QuestionError
        from qa.render import hits_rows

        self._staff(staff)
        try:
            hits = self.assistant.search(query, int(k or 10))
        except QuestionError as exc:
            raise gr.Error(str(exc)) from None
        rows = hits_rows(hits)
        return rows, [{"doc": h.chunk.doc_id, "start": h.chunk.start, "end": h.chunk.end} for h in hits]

    def pick_hit(self, staff, hits, evt):
        self._staff(staff)
        row = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        if not hits or not 0 <= int(row) < len(hits):
            return (_gradio().update(),) * 5
        h = hits[int(row)]
        return self._show(h["doc"], h["start"], h["end"])

    def show_document(self, staff, doc_id, start, end):
        self._staff(staff)
        return self._show(doc_id, start, end)

    def _show(self, doc_id, start, end):
        """(doc dropdown, start, end, document HTML, sections table) for one document and range."""
        gr = _gradio()
        from qa.render import document_html, sections_rows

        if doc_id not in self.assistant.index.docs:
            raise gr.Error(f"No document {doc_id!r} in the index.")
        doc = self.assistant.document(doc_id)
        start = None if start in (None, "") else int(start)
        end = None if end in (None, "") else int(end)
        return doc_id, start, end, document_html(doc, start, end), sections_rows(doc)

    def pick_section(self, staff, doc_id, evt):
        self._staff(staff)
        row = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        doc = self.assistant.document(doc_id)
        s = doc.sections[int(row)]
        return self._show(doc_id, s.start, s.end)

    def status(self, staff):
        from qa.render import status_html

        if not staff:  # also runs after a failed unlock: show nothing rather than an error
            return ""
        return status_html(self.assistant.status())

    def rebuild(self, staff, progress):
        gr = _gradio()
        from qa.render import status_html

        self._staff(staff)
        warnings = []
        progress(0, desc="Rebuilding the index…")
        self.assistant.rebuild(progress=lambda msg: progress(None, desc=str(msg)), warn=warnings.append)
        self.doc_texts = {d: doc.text for d, doc in self.assistant.index.docs.items()}
        for w in warnings:
            gr.Warning(w)
        return status_html(self.assistant.status()), gr.update(choices=self.doc_choices())

    def doc_choices(self):
        return [(f"{doc.title} ({d})", d) for d, doc in sorted(self.assistant.index.docs.items())]

    def export_feedback(self, staff):
        gr = _gradio()
        self._staff(staff)
        if self.store is None:
            raise gr.Error("Feedback is turned off (settings.feedback_enabled).")
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        out = Path(tempfile.mkdtemp(prefix="miss-qa-feedback-")) / f"feedback-{stamp}.csv"
        self.store.export_csv(out)
        gr.Info(f"{self.store.count()} feedback row(s) exported.")
        return gr.update(value=str(out), visible=True, label=f"Download {out.name}")

    # ---- Evaluate ----------------------------------------------------------------------------
    def evaluate(self, staff, upload, progress):
        """Run an uploaded question set; returns table rows, problems, metrics, report and two files."""
        gr = _gradio()
        from qa.evaluate import evaluate_assistant, usable_questions
        from qa.render import eval_rows, problems_html, report_iframe, summary_html

        self._staff(staff)
        if not upload:
            raise gr.Error("Upload a question set first (JSONL or CSV with `id` and `question`).")
        path = Path(upload if isinstance(upload, str) else upload.name)
        try:
            kept, problems = usable_questions(path, self.settings.max_question_chars)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise gr.Error(f"Cannot read {path.name}: {exc}") from None
        if not kept:
            return [], problems_html(problems) or "<p>No questions in the file.</p>", "", "", None, None
        out_dir = Path(tempfile.mkdtemp(prefix="miss-qa-eval-"))
        stem = path.stem
        results, summary, report = evaluate_assistant(
            self.assistant, kept, out_dir / f"{stem}.predictions.jsonl", report_path=out_dir / f"{stem}.report.html",
            label=f"{path.name} ({len(kept)} questions, {len(problems)} skipped)", progress=False, resume=False,
            on_question=lambda done, total: progress((done, total), desc="Answering", unit="questions"))
        return (eval_rows(results), problems_html(problems), summary_html(summary["overall"]),
                report_iframe(report.read_text(encoding="utf-8")),
                gr.update(value=str(out_dir / f"{stem}.predictions.jsonl"), visible=True),
                gr.update(value=str(report), visible=True))


def build_app(assistant, settings, staff_password: str | None = None):
    """The Gradio Blocks app over a loaded `Assistant`.

    `staff_password` (default: the `MISS_QA_STAFF_PASSWORD` environment variable; "" for none)
    locks the Sources and Evaluate tabs; Ask and the `/ask` API stay open.
    """
    gr = _gradio()
    from qa.render import DISCLAIMER, EVAL_HEADERS, HITS_HEADERS, SECTIONS_HEADERS, e, status_html

    if staff_password is None:
        staff_password = os.environ.get(PASSWORD_ENV) or None
    h = Handlers(assistant, settings, staff_password)
    open_ = h.password is None
    css = CSS_PATH.read_text(encoding="utf-8")

    with gr.Blocks(title="MISS-QA — spine surgery questions", analytics_enabled=False) as app:
        staff = gr.State(open_)
        turns = gr.State([])
        hits = gr.State([])
        pending = gr.State(None)
        gr.HTML(f'<style>{css}</style><div class="qa-header"><h1>Questions about minimally invasive spine surgery</h1>'
                f'<p class="qa-disclaimer">{e(DISCLAIMER)}</p></div>', js_on_load=None)
        with gr.Tabs() as tabs:
            with gr.Tab("Ask", id="ask"):
                conversation = gr.HTML(h.conversation([]), js_on_load=CONVERSATION_JS.read_text(encoding="utf-8"),
                                       elem_id="qa-conversation")
                with gr.Row(equal_height=True):
                    question = gr.Textbox(show_label=False, placeholder="Type a question, press Enter",
                                          lines=1, max_lines=4, scale=6, min_width=180, elem_id="qa-question",
                                          autofocus=True, submit_btn=False)
                    ask_btn = gr.Button("Ask", variant="primary", scale=1, min_width=70, elem_id="qa-ask")
                gr.Markdown("**Example questions** (tap one to ask it)")
                with gr.Row(elem_classes=["qa-examples"]):
                    examples = [gr.Button(q, size="sm", min_width=160) for q in EXAMPLES]
                clear_btn = gr.Button("Clear conversation", size="sm", variant="secondary")

            with gr.Tab("Sources", id="sources") as sources_tab:
                with gr.Row(visible=not open_) as sources_lock:
                    sources_pw = gr.Textbox(label="Staff password", type="password", scale=3)
                    sources_unlock = gr.Button("Unlock", scale=1)
                with gr.Column(visible=open_) as sources_body:
                    gr.Markdown("### Search the passages (hybrid: passage and sentence meaning + BM25, fused)\n"
                                "Click a row to open it in the document viewer below.")
                    with gr.Row():
                        query = gr.Textbox(show_label=False, placeholder="Search passages…", scale=5, elem_id="qa-search")
                        k = gr.Slider(1, 30, value=10, step=1, label="results", scale=2)
                        search_btn = gr.Button("Search", scale=1)
                    hits_table = gr.Dataframe(headers=HITS_HEADERS, interactive=False, wrap=True, elem_id="qa-hits",
                                              max_height=420, column_widths=HITS_WIDTHS)
                    gr.Markdown("### Document viewer")
                    with gr.Row():
                        doc_id = gr.Dropdown(choices=h.doc_choices(), label="Document", scale=4, elem_id="qa-doc-id")
                        start = gr.Number(label="start", precision=0, scale=1, minimum=0, elem_id="qa-start")
                        end = gr.Number(label="end", precision=0, scale=1, minimum=0, elem_id="qa-end")
                        show_btn = gr.Button("Show", scale=1)
                    document = gr.HTML('<p class="qa-docid">Pick a document, or open a citation from the Ask tab.</p>',
                                       js_on_load=DOCUMENT_JS.read_text(encoding="utf-8"), elem_id="qa-document")
                    with gr.Accordion("Sections of this document (click one to highlight it)", open=False):
                        sections = gr.Dataframe(headers=SECTIONS_HEADERS, interactive=False, wrap=True,
                                                elem_id="qa-sections")
                    gr.Markdown("### Index")
                    status = gr.HTML(status_html(assistant.status()) if open_ else "", elem_id="qa-status",
                                     js_on_load=None)
                    with gr.Row():
                        status_btn = gr.Button("Refresh status", size="sm")
                        rebuild_btn = gr.Button("Rebuild index", size="sm", variant="stop")
                    gr.Markdown("### Feedback")
                    with gr.Row():
                        export_btn = gr.Button("Export feedback as CSV", size="sm")
                        export_file = gr.DownloadButton("Download feedback CSV", visible=False, size="sm",
                                                        elem_id="qa-feedback-csv")

            with gr.Tab("Evaluate", id="evaluate"):
                with gr.Row(visible=not open_) as eval_lock:
                    eval_pw = gr.Textbox(label="Staff password", type="password", scale=3)
                    eval_unlock = gr.Button("Unlock", scale=1)
                with gr.Column(visible=open_) as eval_body:
                    gr.Markdown("Upload a question set: JSONL or CSV with `id` and `question` (gold fields such as "
                                "`kind`, `answers`, `doc` are used for scoring when present).")
                    with gr.Row():
                        upload = gr.File(label="question set", file_types=[".jsonl", ".json", ".csv", ".txt"],
                                         type="filepath", scale=3, elem_id="qa-upload")
                        run_btn = gr.Button("Run evaluation", variant="primary", scale=1, elem_id="qa-run-eval")
                    problems = gr.HTML("", elem_id="qa-problems", js_on_load=None)
                    results = gr.Dataframe(headers=EVAL_HEADERS, interactive=False, wrap=True, elem_id="qa-results",
                                           max_height=500, column_widths=EVAL_WIDTHS)
                    summary = gr.HTML("", elem_id="qa-summary", js_on_load=None)
                    with gr.Row():
                        predictions_dl = gr.DownloadButton("Download predictions (JSONL)", visible=False)
                        report_dl = gr.DownloadButton("Download report (HTML)", visible=False)
                    report = gr.HTML("", elem_id="qa-report", js_on_load=None)

        # ---- wiring --------------------------------------------------------------------------
        private = {"api_visibility": "private"}
        ask_out = [conversation, turns, question]
        question.submit(h.chat, [question, turns], ask_out, **private)
        ask_btn.click(h.chat, [question, turns], ask_out, **private)
        for b in examples:
            b.click(h.chat, [b, turns], ask_out, **private)
        clear_btn.click(h.clear, None, [conversation, turns], **private)

        def on_feedback(turns_, evt: gr.EventData):
            return h.feedback(turns_, evt)

        def on_open(staff_, evt: gr.EventData):
            return h.open_source(staff_, evt)

        viewer = [doc_id, start, end, document, sections]
        conversation.feedback(on_feedback, [turns], [conversation, turns], **private)
        conversation.open_source(on_open, [staff], [tabs, *viewer, pending], **private)

        unlock_out = [staff, sources_lock, eval_lock, sources_body, eval_body, sources_pw, eval_pw, *viewer]
        sources_unlock.click(h.unlock, [sources_pw, pending], unlock_out, **private).then(
            h.status, [staff], [status], **private)
        sources_pw.submit(h.unlock, [sources_pw, pending], unlock_out, **private).then(
            h.status, [staff], [status], **private)
        eval_unlock.click(h.unlock, [eval_pw, pending], unlock_out, **private).then(
            h.status, [staff], [status], **private)
        eval_pw.submit(h.unlock, [eval_pw, pending], unlock_out, **private).then(
            h.status, [staff], [status], **private)

        def on_pick_hit(staff_, hits_, evt: gr.SelectData):
            return h.pick_hit(staff_, hits_, evt)

        def on_pick_section(staff_, doc_, evt: gr.SelectData):
            return h.pick_section(staff_, doc_, evt)

        def on_rebuild(staff_, progress=gr.Progress()):
            return h.rebuild(staff_, progress)

        def on_evaluate(staff_, upload_, progress=gr.Progress()):
            return h.evaluate(staff_, upload_, progress)

        query.submit(h.search, [staff, query, k], [hits_table, hits], **private)
        search_btn.click(h.search, [staff, query, k], [hits_table, hits], **private)
        hits_table.select(on_pick_hit, [staff, hits], viewer, **private)
        show_btn.click(h.show_document, [staff, doc_id, start, end], viewer, **private)
        doc_id.input(h.show_document, [staff, doc_id, gr.State(None), gr.State(None)], viewer, **private)
        sections.select(on_pick_section, [staff, doc_id], viewer, **private)
        sources_tab.select(None, None, None, js=SCROLL_TO_MARK_JS)
        status_btn.click(h.status, [staff], [status], **private)
        rebuild_btn.click(on_rebuild, [staff], [status, doc_id], **private)
        export_btn.click(h.export_feedback, [staff], [export_file], **private)
        run_btn.click(on_evaluate, [staff, upload],
                      [results, problems, summary, report, predictions_dl, report_dl], **private)

        def ask(question: str, id: str | None = None) -> dict:
            """Answer one question from the clinic's documents; returns the answer record (see shared/eval/README.md)."""
            return h.api_ask(question, id)

        gr.api(ask, api_name="ask")
    return app


def serve(settings, host: str = "127.0.0.1", port: int = 7860, progress=None, warn=None,
          selector: str = "trained", rebuild: str = "auto") -> None:
    """Load the assistant once (building the index if needed) and run the web app until stopped.

    `selector` and `rebuild` are passed to `Assistant.from_settings`. Exits with status 2 and a
    one-line message if the index cannot be built or a model is missing.
    """
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("GRADIO_RUN_HISTORY", "False")
    from qa.answer import QuestionError
    from qa.assistant import Assistant
    from qa.embed import ModelMissing
    from qa.index import IndexError_

    try:
        assistant = Assistant.from_settings(settings, rebuild=rebuild, selector=selector, progress=progress, warn=warn)
    except (IndexError_, ModelMissing, FileNotFoundError, QuestionError, ValueError, OSError) as exc:
        print(f"miss-qa serve: cannot start: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    app = build_app(assistant, settings)
    locked = bool(os.environ.get(PASSWORD_ENV))
    print(f"MISS-QA web app on http://{host}:{port} (Sources and Evaluate "
          f"{'need the staff password' if locked else f'are open: set {PASSWORD_ENV} to protect them'}). "
          "Ctrl+C stops it.", file=sys.stderr)
    app.queue(default_concurrency_limit=2).launch(server_name=host, server_port=port, share=False,
                                                  show_error=False, quiet=True, footer_links=["api"],
                                                  run_history=False)


if __name__ == "__main__":
    from qa.settings import Settings

    serve(Settings.load(), progress=lambda m: print(m, file=sys.stderr))
