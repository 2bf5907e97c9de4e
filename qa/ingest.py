"""Ingestion: read .txt/.md/.html/.pdf/.jsonl files into `Document`s with exact text offsets."""
from __future__ import annotations

import hashlib
import json
import logging
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterable, Iterator

from .clean import find_sections, keep_regions, title_from
from .types import Document

log = logging.getLogger(__name__)

SUPPORTED = {".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".jsonl"}


class UnreadableFile(Exception):
    """A file that cannot be read as a document (corrupt, encrypted, empty, undecodable)."""


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def corpus_files(corpus_dir: Path) -> list[Path]:
    """The supported files under `corpus_dir`, sorted; README files are documentation, not corpus."""
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {corpus_dir}")
    return sorted(
        p
        for p in corpus_dir.rglob("*")
        if p.is_file()
        and p.suffix.lower() in SUPPORTED
        and p.name.lower() not in {"readme.md", "readme.txt"}
        and not any(part.startswith(".") for part in p.relative_to(corpus_dir).parts)
    )


def read_corpus(corpus_dir: Path, noise_patterns: Iterable[str] = (), warn=None) -> Iterator[Document]:
    """Yield every readable document of the folder; unreadable files get a one-line warning.

    >>> docs = list(read_corpus(Path("corpus")))  # doctest: +SKIP
    """
    warn = warn or (lambda msg: log.warning(msg))
    corpus_dir = Path(corpus_dir)
    for path in corpus_files(corpus_dir):
        rel = path.relative_to(corpus_dir).as_posix()
        try:
            yield from read_file(path, rel, noise_patterns)
        except UnreadableFile as exc:
            warn(f"skipped {rel}: {exc}")


def read_file(path: Path, rel: str, noise_patterns: Iterable[str] = ()) -> list[Document]:
    """Read one file into one document (or many, for `.jsonl`)."""
    suffix = path.suffix.lower()
    sha = file_sha256(path)
    if suffix == ".jsonl":
        return list(_read_jsonl(path, rel, sha, noise_patterns))
    page_starts: tuple[int, ...] = ()
    html_title = None
    html_headings: list[tuple[int, int]] = []
    if suffix == ".pdf":
        text, page_starts = _read_pdf(path)
    elif suffix in {".html", ".htm"}:
        text, html_title, html_headings = _read_html(_decode(path))
    else:
        text = _decode(path)
    if not text.strip():
        raise UnreadableFile("no text")
    return [_make_document(rel, text, sha, noise_patterns, page_starts=page_starts,
                           title=html_title, heading_spans=html_headings, markdown=suffix in {".md", ".markdown"})]


def _make_document(doc_id, text, sha, noise_patterns, page_starts=(), title=None, url=None,
                   heading_spans=(), markdown=False) -> Document:
    kept = keep_regions(text, noise_patterns)
    sections = find_sections(text, kept, heading_spans=heading_spans, markdown=markdown)
    fallback = Path(doc_id.split("#")[-1]).stem.replace("_", " ")
    return Document(
        doc_id=doc_id,
        title=title or title_from(text, kept, sections) or fallback,
        text=text,
        kept=kept,
        sections=sections,
        url=url,
        page_starts=tuple(page_starts),
        sha256=sha,
    )


def _decode(path: Path) -> str:
    data = path.read_bytes()
    if not data.strip():
        raise UnreadableFile("empty file")
    if b"\x00" in data[:4096]:
        raise UnreadableFile("binary content, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def _read_pdf(path: Path) -> tuple[str, tuple[int, ...]]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:  # pypdf raises several types for unsupported encryption
                ok = 0
            if not ok:
                raise UnreadableFile("encrypted PDF (needs a password)")
        parts, starts, pos = [], [], 0
        for page in reader.pages:
            page_text = page.extract_text() or ""
            starts.append(pos)
            parts.append(page_text)
            pos += len(page_text) + 2
        text = "\n\n".join(parts)
    except UnreadableFile:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError) as exc:
        raise UnreadableFile(f"corrupt PDF ({type(exc).__name__}: {exc})") from None
    except Exception as exc:  # pypdf surfaces many internal errors on damaged files
        raise UnreadableFile(f"corrupt PDF ({type(exc).__name__}: {exc})") from None
    if not text.strip():
        raise UnreadableFile("PDF has no extractable text (scanned image?)")
    return text, tuple(starts)


_BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "tr", "table", "section", "article", "h1", "h2", "h3",
               "h4", "h5", "h6", "header", "footer", "blockquote", "pre", "dt", "dd", "hr", "title"}
_SKIP_TAGS = {"script", "style", "nav", "noscript", "form", "button", "select", "option", "svg", "template",
              "iframe", "label", "input", "textarea"}


class _TextExtractor(HTMLParser):
    """Visible text with a newline at every block boundary; records heading spans in the output."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.length = 0
        self.skip = 0
        self.title: str | None = None
        self.in_title = False
        self.heading_start: int | None = None
        self.headings: list[tuple[int, int]] = []

    def _newline(self):
        if self.parts and not self.parts[-1].endswith("\n"):
            self._emit("\n")

    def _emit(self, s: str):
        self.parts.append(s)
        self.length += len(s)

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag == "title":
            self.in_title = True
        if tag in _BLOCK_TAGS:
            self._newline()
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"} and not self.skip:
            self.heading_start = self.length
        if tag == "li" and not self.skip:
            self._emit("- ")

    def handle_endtag(self, tag):
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag == "title":
            self.in_title = False
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"} and self.heading_start is not None:
            if self.length > self.heading_start:
                self.headings.append((self.heading_start, self.length))
            self.heading_start = None
        if tag in _BLOCK_TAGS:
            self._newline()

    def handle_data(self, data):
        if self.in_title:
            self.title = (self.title or "") + data.strip()
            return
        if self.skip:
            return
        data = re.sub(r"\s+", " ", data)
        if not data.strip():
            if self.parts and not self.parts[-1].endswith(("\n", " ")):
                self._emit(" ")
            return
        if not self.parts or self.parts[-1].endswith("\n"):
            data = data.lstrip()
        self._emit(data)


def _read_html(raw: str) -> tuple[str, str | None, list[tuple[int, int]]]:
    parser = _TextExtractor()
    parser.feed(raw)
    parser.close()
    text = "".join(parser.parts)
    return text, (parser.title or None), parser.headings


def _read_jsonl(path: Path, rel: str, sha: str, noise_patterns) -> Iterator[Document]:
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                text = row["text"]
                doc_key = str(row.get("id", n))
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                log.warning("skipped %s line %d: %s", rel, n, exc)
                continue
            if not isinstance(text, str) or not text.strip():
                continue
            # a per-row hash lets an edit to one row re-embed only that row
            row_sha = hashlib.sha256((sha[:0] + text).encode("utf-8")).hexdigest()
            yield _make_document(f"{rel}#{doc_key}", text, row_sha, noise_patterns,
                                 title=row.get("title") or None, url=row.get("url"))
