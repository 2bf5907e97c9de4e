"""Each input format, and files that cannot be read: skipped with a warning, the rest indexed."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.ingest import read_corpus


def _pdf(path: Path, pages: list[list[str]], encrypt: str | None = None) -> Path:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    kwargs = {}
    if encrypt:
        from reportlab.lib import pdfencrypt

        kwargs["encrypt"] = pdfencrypt.StandardEncryption(encrypt, canPrint=0)
    c = canvas.Canvas(str(path), pagesize=letter, **kwargs)
    for lines in pages:
        y = 700
        for line in lines:
            c.drawString(72, y, line)
            y -= 20
        c.showPage()
    c.save()
    return path


def _read(folder: Path):
    warnings: list[str] = []
    docs = {d.doc_id: d for d in read_corpus(folder, warn=warnings.append)}
    return docs, warnings


def test_txt_md_html_jsonl(tmp_path):
    (tmp_path / "a.txt").write_text("Plain Title\nBody sentence one. Body two.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("# Markdown Title\n\nIntro text.\n\n## Recovery\n\nWalk daily.\n", encoding="utf-8")
    (tmp_path / "c.html").write_text(
        "<html><head><title>Page T</title><script>var x='<p>hidden</p>';</script></head><body>"
        "<nav>Home | About</nav><h1>Heading One</h1><p>First &amp; only paragraph.</p>"
        "<ul><li>item one</li><li>item two</li></ul><form>Enter your email</form></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "d.jsonl").write_text(
        json.dumps({"id": "q1", "title": "Row One", "text": "Row one text.", "url": "http://x"}) + "\n"
        + "not json\n" + json.dumps({"id": "q2", "text": "Row two text."}) + "\n",
        encoding="utf-8",
    )
    (tmp_path / "README.md").write_text("# not part of the corpus\n", encoding="utf-8")
    docs, warnings = _read(tmp_path)
    assert sorted(docs) == ["a.txt", "b.md", "c.html", "d.jsonl#q1", "d.jsonl#q2"]
    assert docs["a.txt"].title == "Plain Title"
    md = docs["b.md"]
    assert md.title == "Markdown Title"
    assert [s.title for s in md.sections] == ["Markdown Title", "Recovery"]
    html = docs["c.html"]
    assert html.title == "Page T"
    assert "hidden" not in html.text and "Home" not in html.text and "Enter your email" not in html.text
    assert "First & only paragraph." in html.text
    assert "- item one" in html.text
    assert [s.title for s in html.sections] == ["Heading One"]
    assert docs["d.jsonl#q1"].title == "Row One" and docs["d.jsonl#q1"].url == "http://x"


def test_pdf_pages_and_offsets(tmp_path):
    _pdf(tmp_path / "guide.pdf", [["Recovery Guide", "Most patients walk the same day."], ["Risks", "Infection is rare."]])
    docs, warnings = _read(tmp_path)
    doc = docs["guide.pdf"]
    assert warnings == []
    i = doc.text.index("Infection is rare.")
    assert doc.page_at(i) == 2
    assert doc.page_at(doc.text.index("Most patients")) == 1


def test_unreadable_files_are_skipped_with_one_warning_each(tmp_path):
    (tmp_path / "good.txt").write_text("Good Title\nUseful text.\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9 au lait".encode("latin-1"))
    _pdf(tmp_path / "locked.pdf", [["Secret text"]], encrypt="s3cret")
    whole = _pdf(tmp_path / "whole.pdf", [["Some text here"]]).read_bytes()
    (tmp_path / "truncated.pdf").write_bytes(whole[: len(whole) // 3])
    (tmp_path / "whole.pdf").unlink()
    docs, warnings = _read(tmp_path)
    assert list(docs) == ["good.txt"]
    assert len(warnings) == 4
    joined = "\n".join(warnings)
    for name in ("empty.txt", "latin1.txt", "locked.pdf", "truncated.pdf"):
        assert name in joined
    assert "encrypted" in joined


def test_missing_corpus_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="corpus folder not found"):
        list(read_corpus(tmp_path / "nope"))
