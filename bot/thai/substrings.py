"""Which of many fixed strings (province names and aliases, nicknames) may occur in a text, found without
asking the text once per string.

Readers scan lists of a hundred or more forms in their own order (longest first) with `str.find`, one Python call
per form and message. Here the forms are indexed once per process by their first two characters; a text is asked
for its pairs once, and only the forms whose first pair it holds are returned, in the list's order, for the reader
to check as before. A form that occurs in a text starts with one of its pairs, so nothing that would be found is
left out (a text whose characters were since replaced by a mark such as "|" holds fewer forms, never more).
"""

from __future__ import annotations

from collections.abc import Sequence


class SubstringIndex:
    """Positions in `forms` of the forms that may occur in a text (a superset of those that do), ascending."""

    def __init__(self, forms: Sequence[str]) -> None:
        self._by_pair: dict[str, list[int]] = {}
        self._always: list[int] = []  # forms shorter than a pair: checked on every text
        for position, form in enumerate(forms):
            if len(form) < 2:
                self._always.append(position)
            else:
                self._by_pair.setdefault(form[:2], []).append(position)

    def candidates(self, pairs: set[str]) -> list[int]:
        """The forms that may occur in a text whose `letter_pairs` are `pairs` (worked out once per text)."""
        by_pair = self._by_pair
        found = list(self._always)
        for pair in by_pair.keys() & pairs:  # a text's pairs are mostly no form's first pair: one set operation
            found += by_pair[pair]
        found.sort()
        return found


def letter_pairs(text: str) -> set[str]:
    """Every two consecutive characters of `text`."""
    return {text[i : i + 2] for i in range(len(text) - 1)}
