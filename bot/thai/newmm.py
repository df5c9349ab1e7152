"""PyThaiNLP's newmm word tokenizer (maximal matching over Thai Character Cluster boundaries), same tokens, faster.

Why our own: PyThaiNLP's `newmm.segment` slices the text again for every character cluster, asks the dictionary for
prefixes through a method call per position, builds a graph in a defaultdict and finds the cut with a breadth-first
search that copies a path list per step, all in pure Python per call; it was ~15% of an event's CPU. This is the
same algorithm with the same rules (PyThaiNLP's own TCC, non-Thai and two-letter patterns and its graph-size cutoff),
with the clusters found by one `findall`, the dictionary's two sets read inline (tried only where a cluster ends) and
the search kept as parent links.

Most chat is Thai letters, digits and spaces alone. Such a text goes to nlpo3, PyThaiNLP's own newmm in Rust (~3x
faster here), where it cuts exactly as PyThaiNLP does; the few clusters its rules read otherwise (Thai digits, the
obsolete ฃ and ฅ, เ with a consonant and ุ or ู) and every other text stay with the Python cut.
tests/thai/test_newmm.py checks that the tokens equal `word_tokenize(..., engine="newmm")` on every text of
tests/data and thousands of random Thai strings, both ways.
"""

from __future__ import annotations

import itertools
import os
import re
import tempfile
import threading
from bisect import bisect_right
from heapq import heappop, heappush
from itertools import accumulate, islice

from pythainlp.tokenize._utils import _DIGITS_WITH_SEPARATOR, rejoin_formatted_num
from pythainlp.tokenize.newmm import _MAX_GRAPH_SIZE, _PAT_NONTHAI, _PAT_THAI_TWOCHARS
from pythainlp.tokenize.tcc_p import _PAT_TCC

from bot.thai.wordset import WordSet

try:
    import nlpo3
except ImportError:  # a platform without its wheel: the Python cut does every text
    nlpo3 = None

#: PyThaiNLP's cluster pattern without its capturing groups (so `findall` returns the clusters), or any character.
_CLUSTER = re.compile(f"(?:{_PAT_TCC.pattern.replace('([', '(?:[')})|.", re.DOTALL)


#: Texts nlpo3 cuts as PyThaiNLP does: Thai letters and marks but ฃ and ฅ, Arabic digits and spaces...
_NATIVE_TEXT = re.compile(r"[\u0e01\u0e02\u0e04\u0e06-\u0e4f\u0e5a\u0e5b0-9 ]+")
#: ...and no เ with a consonant and ุ or ู (PyThaiNLP reads one cluster there, nlpo3 two).
_NATIVE_UNLIKE = re.compile("เ[ก-ฮ][ุู]")
_loading = threading.Lock()
_names = itertools.count(1)  # nlpo3's dictionaries live in this process only


def word_tokenize(text: str, words: WordSet) -> list[str]:
    """`pythainlp.word_tokenize(text, custom_dict=words, engine="newmm", keep_whitespace=False)`."""
    if not text:
        return []
    if nlpo3 is not None and _NATIVE_TEXT.fullmatch(text) and _NATIVE_UNLIKE.search(text) is None:
        return [token.strip(" ") for token in nlpo3.segment(text, _native(words)) if token.strip(" ")]
    segments = _segment(text, words)
    if _DIGITS_WITH_SEPARATOR.search(text) is not None:  # nothing to rejoin otherwise
        segments = rejoin_formatted_num(segments)
    return [token.strip(" ") for token in segments if token.strip(" ")]


def _native(words: WordSet) -> str:
    """The words' name in nlpo3, loaded on first use (from a file: nlpo3's one way in; read, then removed)."""
    name = words.native_name
    if name is not None:
        return name
    with _loading:
        if words.native_name is None:
            name = f"sandboxbot-{next(_names)}"
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt", delete=False) as file:
                file.write("\n".join(words.words))
            try:
                message, ok = nlpo3.load_dict(file.name, name)
            finally:
                os.unlink(file.name)
            if not ok:
                raise RuntimeError(message)
            words.native_name = name
        return words.native_name


def _boundaries(text: str) -> list[int]:
    """`tcc_pos`, in order: where each character cluster ends. Where the cluster pattern does not match, a cluster
    is one character, so one `findall` of "a cluster or any one character" cuts the whole text into clusters."""
    return list(accumulate(map(len, _CLUSTER.findall(text))))


def _segment(text: str, wordset: WordSet) -> list[str]:
    """`newmm._onecut` (the graph of dictionary words between cluster boundaries, cut where only one path goes on)."""
    words, stems = wordset.words, wordset.stems  # `WordSet.prefixes` inlined: this loop is the hot one
    size = len(text)
    bounds = _boundaries(text)
    valid = set(bounds)
    graph: dict[int, list[int]] = {}
    tokens: list[str] = []
    heap = [0]
    end_pos = graph_size = 0
    while heap[0] < size:
        begin = heappop(heap)
        ends: list[int] = []
        graph[begin] = ends
        # The dictionary's words that start at `begin` and end where a cluster does, shortest first. Only cluster
        # ends are tried (a word ending elsewhere is no edge), up to the first piece no word starts with.
        for end in islice(bounds, bisect_right(bounds, begin), None):
            piece = text[begin:end]
            if piece in words:
                ends.append(end)
                graph_size += 1
                if end not in heap:
                    heappush(heap, end)
                if graph_size > _MAX_GRAPH_SIZE:
                    break
            if piece not in stems:
                break
        if len(heap) == 1:  # one candidate: no longer ambiguous
            goal = heap[0]
            if begin == end_pos and goal in ends:  # one word from the last cut (the common case)
                tokens.append(text[end_pos:goal])
                end_pos = goal
            else:
                for position in _shortest_path(graph, end_pos, goal):
                    tokens.append(text[end_pos:position])
                    end_pos = position
            graph.clear()
            graph_size = 0
        elif not heap:  # no candidate: a word the dictionary does not know
            end_pos = _skip_end(text, begin, valid, wordset)
            graph.clear()
            graph_size = 0
            tokens.append(text[begin:end_pos])
            heappush(heap, end_pos)
    return tokens


def _shortest_path(graph: dict[int, list[int]], start: int, goal: int) -> list[int]:
    """`newmm._bfs_paths_graph`'s first path (without `start`): breadth first, edges in the order they were added."""
    if goal in graph.get(start, ()):
        return [goal]
    parent = {start: start}
    queue = [start]
    for vertex in queue:
        for position in graph.get(vertex, ()):
            if position == goal:
                path = [goal]
                while vertex != start:
                    path.append(vertex)
                    vertex = parent[vertex]
                return path[::-1]
            if position not in parent:
                parent[position] = vertex
                queue.append(position)
    raise AssertionError("newmm: no path to a candidate")  # every candidate was reached by an edge


def _skip_end(text: str, begin: int, valid: set[int], words: WordSet) -> int:
    """`newmm._find_skip_end`: where an out-of-dictionary stretch starting at `begin` ends."""
    size = len(text)
    match = _PAT_NONTHAI.match(text, begin)
    if match:
        return match.end()
    for position in range(begin + 1, size):
        if position not in valid:
            continue
        for word in words.prefixes(text, position):
            if position + len(word) in valid and not _PAT_THAI_TWOCHARS.match(word):
                return position
        if _PAT_NONTHAI.match(text, position):
            return position
    return size
