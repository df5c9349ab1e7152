"""The source documents, shipped inside the package (storage/reference/sources), cut into quotable passages.

A passage is one line of a document, or a piece of a long line cut at a sentence-like space, never longer than
MAX_PASSAGE characters; the comment-form boilerplate at the end of a web page is dropped. `locate` finds a verbatim
quote in a document, whatever runs of spaces it has, and returns its span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from storage.reference.data import REFERENCE_DIR, Source

SOURCES_DIR = REFERENCE_DIR / "sources"
MAX_PASSAGE = 320
_BOILERPLATE = ("ใส่ความเห็น", "เอกสาร ประกอบการประชุม")  # where the article ends and the page chrome begins


@dataclass(frozen=True, slots=True)
class Passage:
    file: str
    start: int  # span in the document's text
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Document:
    source: Source
    text: str
    passages: tuple[Passage, ...]


def read_document(source: Source, directory: Path = SOURCES_DIR) -> Document:
    text = (directory / source.file).read_text(encoding="utf-8")
    return Document(source, text, tuple(_passages(source.file, text)))


def locate(text: str, quote: str) -> tuple[int, int] | None:
    """The span of `quote` in `text`, spaces matched loosely (one space in the quote matches any run)."""
    if (at := text.find(quote)) >= 0:
        return at, at + len(quote)
    pattern = r"\s+".join(re.escape(part) for part in quote.split())
    match = re.search(pattern, text)
    return (match.start(), match.end()) if match else None


def _passages(file: str, text: str) -> list[Passage]:
    end_of_article = min((i for i in (text.find(b) for b in _BOILERPLATE) if i >= 0), default=len(text))
    found: list[Passage] = []
    for line in re.finditer(r"[^\n]+", text[:end_of_article]):
        content = line.group().strip(" -–\t")
        if len(content) < 8:
            continue
        offset = line.start() + line.group().find(content)
        for start, end in _cut(content):
            piece = content[start:end].strip()
            if piece:
                found.append(Passage(file, offset + start, offset + end, " ".join(piece.split())))
    return found


def _cut(line: str) -> list[tuple[int, int]]:
    """Pieces of at most MAX_PASSAGE characters, cut at the last space before the limit."""
    pieces: list[tuple[int, int]] = []
    start = 0
    while len(line) - start > MAX_PASSAGE + MAX_PASSAGE // 4:  # no stub of a few words at the end
        cut = line.rfind(" ", start + MAX_PASSAGE // 3, start + MAX_PASSAGE)
        if cut <= start:
            cut = start + MAX_PASSAGE
        pieces.append((start, cut))
        start = cut + 1
    pieces.append((start, len(line)))
    return pieces
