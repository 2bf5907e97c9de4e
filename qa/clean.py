"""Cleaning: choose which lines of a document to index and find its headings. Never rewrites text."""
from __future__ import annotations

import re
from typing import Iterable, Iterator, Sequence

from .types import Section, Span

# Lines that are web-page furniture rather than content, in general (not keyed to any corpus).
GENERAL_NOISE = (
    r"do not sell my (personal )?info",
    r"\bcookie(s)?\b.*\b(accept|consent|policy|settings|use)\b",
    r"^\s*(accept|reject) (all )?cookies",
    r"\ball rights reserved\b",
    r"^\s*(©|\(c\)|copyright\b)",
    r"\bprivacy policy\b|\bterms (of use|and conditions)\b",
    r"^\s*(please )?enter your (information|details|email|name)\b",
    r"^\s*(callback|contact|request|appointment|subscribe|newsletter|sign[- ]up) form\s*$",
    r"^\s*(subscribe|sign up)( (to|for) (our|the) newsletter)?\s*$",
    r"^\s*(skip to (main )?content|main menu|menu|search|share( this)?|print|back to top|read more|click here)\s*$",
    r"^\s*(follow us|share on)\b",
    r"\bapprove this content\b|\bmy profile page\b|\bdon.t hesitate to (come in|call|contact)\b",
    # a line that is nothing but a doctor's name: an author sign-off or byline
    r"^\s*(Dr\.?|Doctor|Prof\.?)\s+[A-Z][\w.'-]*(\s+[A-Z][\w.,'-]*){0,4}\s*$",
)

LIST_MARK = re.compile(r"^\s*([-•–—*▪◦·]|\d{1,2}[.)]|[a-z][.)])\s+")
_FAQ_Q = re.compile(r"^\s*(Q[.:]|Question:)\s*")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")


def iter_lines(text: str) -> Iterator[tuple[int, int]]:
    """`[start, end)` of each line's content, without its line break (handles \\n, \\r\\n, \\r)."""
    for m in re.finditer(r"[^\r\n]*", text):
        if m.start() == m.end() and m.start() > 0 and text[m.start() - 1] in "\r\n":
            # the empty match right after a line break is not a line
            if m.end() == len(text) or text[m.start() - 1] == "\n" or text[m.start()] != "\n":
                continue
        yield m.start(), m.end()


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def keep_regions(text: str, extra_patterns: Iterable[str] = ()) -> tuple[Span, ...]:
    """The lines worth indexing, as spans (stripped of surrounding blanks), in document order.

    A line is left out when it matches a noise rule (general or per-corpus) or repeats, word for
    word, an earlier line (text duplicated by a scraper).

    >>> t = "Real text here.\\n©2024 Site. All rights reserved.\\nReal text here."
    >>> [t[s.start:s.end] for s in keep_regions(t)]
    ['Real text here.']
    """
    rules = [re.compile(p, re.IGNORECASE) for p in (*GENERAL_NOISE, *extra_patterns)]
    # name-only byline rule is case sensitive on purpose (capitalised names)
    rules[len(GENERAL_NOISE) - 1] = re.compile(GENERAL_NOISE[-1])
    seen: set[str] = set()
    kept: list[Span] = []
    for a, b in iter_lines(text):
        a, b = _strip_span(text, a, b)
        if a == b:
            continue
        line = text[a:b]
        key = re.sub(r"\s+", " ", line).strip().lower()
        if key in seen or any(r.search(line) for r in rules):
            continue
        seen.add(key)
        kept.append(Span(a, b))
    return tuple(kept)


def is_list_item(line: str) -> bool:
    return bool(LIST_MARK.match(line))


def heading_text(line: str) -> str | None:
    """The heading a line stands for, or None when the line is body text.

    Plain-text pages mark headings only by shape: a short line, not a list item, that does not
    end like a sentence (a question mark or colon is allowed: FAQ questions, list intros).
    """
    m = _FAQ_Q.match(line)
    if m:
        return line[m.end():].strip() or None
    s = line.strip()
    if not s or is_list_item(s) or len(s) > 100:
        return None
    words = s.split()
    if len(words) > 14 or s[-1] in ".,;!\"”" or s.endswith(".)"):
        return None
    if not (s[0].isupper() or s[0].isdigit()):
        return None
    if re.search(r"[$€£]\s?\d|\d{3,}", s):  # price lists, codes, figures: content, not headings
        return None
    colon = s.find(":")
    if 0 <= colon < len(s) - 1 and not s.endswith("?"):
        return None  # "Label: value" lines are content
    if re.match(r"^A[.:]\s", s):
        return None
    return s


def find_sections(text: str, kept: Sequence[Span], heading_spans=(), markdown: bool = False) -> tuple[Section, ...]:
    """Sections from headings: HTML heading tags, Markdown `#` lines, or heading-shaped lines."""
    heads: list[tuple[int, str]] = []
    if heading_spans:
        for a, b in heading_spans:
            a, b = _strip_span(text, a, b)
            if a < b:
                heads.append((a, text[a:b]))
    for span in kept:
        line = text[span.start:span.end]
        if heading_spans:
            continue
        if markdown:
            m = _MD_HEADING.match(line)
            if m:
                heads.append((span.start, m.group(2)))
            continue
        title = heading_text(line)
        if title is not None:
            heads.append((span.start, title))
    heads.sort()
    sections = []
    for i, (start, title) in enumerate(heads):
        end = heads[i + 1][0] if i + 1 < len(heads) else len(text)
        sections.append(Section(title=title.strip().strip("#").strip(), start=start, end=end))
    return tuple(sections)


def title_from(text: str, kept: Sequence[Span], sections: Sequence[Section]) -> str | None:
    """The document's title: among the headings it opens with (before any body text), the first
    of three or more words (short ones are usually breadcrumbs), else the first."""
    opening = []
    starts = {s.start for s in sections}
    for span in kept:
        if span.start not in starts:
            break
        opening.append(next(s.title for s in sections if s.start == span.start))
    if not opening:
        return None
    return next((t for t in opening if len(t.split()) >= 3), opening[0])
