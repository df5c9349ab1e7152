"""Text measured and cut the way the platforms count it: UTF-16 code units (LINE's 5,000 and Telegram's 4,096 both
count 👥 as two), and cut only between grapheme clusters (`regex`'s \\X), so a Thai consonant never loses its vowel
or tone mark and an emoji is never halved. Long text splits at a paragraph, a line, a sentence or a space first."""

from __future__ import annotations

import itertools

import regex

_GRAPHEME = regex.compile(r"\X")
ELLIPSIS = "…"
# Where a cut reads best, best first: a blank line, a line end, a sentence end, a space (Thai separates sentences
# and phrases with spaces).
_BREAKS = (regex.compile(r"\n\s*\n"), regex.compile(r"\n"), regex.compile(r"(?<=[.!?।])\s+|(?<=[ๆฯ])\s+"))
_SPACE = regex.compile(r"\s+")
_LEADING_SPACE = regex.compile(r"^\s+(?!\p{M})")  # a space carrying a mark is a cluster of its own: keep it


def utf16_len(text: str) -> int:
    """Length as LINE and Telegram count it."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def graphemes(text: str) -> list[str]:
    return _GRAPHEME.findall(text)


def head(text: str, limit: int) -> str:
    """The longest start of `text` within `limit` UTF-16 units that ends on a grapheme boundary."""
    if utf16_len(text) <= limit:
        return text
    out, used = [], 0
    for cluster in graphemes(text):
        size = utf16_len(cluster)
        if used + size > limit:
            break
        out.append(cluster)
        used += size
    return "".join(out)


def tail(text: str, limit: int) -> str:
    """The longest end of `text` within `limit` UTF-16 units that starts on a grapheme boundary."""
    if utf16_len(text) <= limit:
        return text
    out, used = [], 0
    for cluster in reversed(graphemes(text)):
        size = utf16_len(cluster)
        if used + size > limit:
            break
        out.append(cluster)
        used += size
    return "".join(reversed(out))


def shorten(text: str, limit: int) -> str:
    """`text` cut to `limit` units with an ellipsis, on a grapheme boundary."""
    if utf16_len(text) <= limit:
        return text
    return head(text, limit - 1).rstrip() + ELLIPSIS


def split_text(text: str, limit: int) -> list[str]:
    """Parts of at most `limit` UTF-16 units; each cut at the best break in the part's second half, else at a
    space, else between grapheme clusters. Joining the parts with line breaks loses no word."""
    parts: list[str] = []
    rest = text
    while utf16_len(rest) > limit:
        window = head(rest, limit) or graphemes(rest)[0]  # a limit below one cluster's size still moves on
        cut, skip = _best_cut(window)
        parts.append(window[:cut].rstrip())
        rest = rest[cut + skip :].lstrip("\n")
    if rest.strip() or not parts:
        parts.append(rest)
    return [p for p in parts if p] or [text[:0]]


def _best_cut(window: str) -> tuple[int, int]:
    """(index to cut at, length of the separator to drop) within a window that is too long to send whole."""
    floor = len(window) // 2
    edges = {0, *itertools.accumulate(len(g) for g in graphemes(window))}  # a space may carry a mark: " ็"
    for pattern in (*_BREAKS, _SPACE):
        found = [m for m in pattern.finditer(window) if m.start() >= floor and {m.start(), m.end()} <= edges]
        if found:
            return found[-1].start(), len(found[-1].group())
    return len(window), 0  # no space in the second half: the window already ends between clusters


def distinct_labels(labels: list[str], limit: int) -> list[str]:
    """Labels within `limit` UTF-16 units that stay told apart: a long one keeps its distinguishing end
    ("…เขต 2"); where ends collide, its start ("โรงเรียนบ้าน…"); where still alike, a number is added."""
    shown = [
        label if utf16_len(label) <= limit else ELLIPSIS + _LEADING_SPACE.sub("", tail(label, limit - 1))
        for label in labels
    ]
    for index in _alike(labels, shown):
        shown[index] = shorten(labels[index], limit)
    for number, index in enumerate(_alike(labels, shown), start=1):
        suffix = f" {number}"
        shown[index] = shorten(shown[index], limit - len(suffix)) + suffix
    return shown


def _end(label: str, limit: int) -> str:
    return ELLIPSIS + _LEADING_SPACE.sub("", tail(label, limit - 1))


def _alike(originals: list[str], shown: list[str]) -> list[int]:
    """Indexes whose shown label equals another's although their originals differ."""
    by_label: dict[str, set[str]] = {}
    for original, label in zip(originals, shown, strict=True):
        by_label.setdefault(label, set()).add(original)
    return [i for i, label in enumerate(shown) if len(by_label[label]) > 1]
