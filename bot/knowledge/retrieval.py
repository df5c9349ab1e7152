"""Rank facts and passages of the source documents for a question: BM25 (rank-bm25) over newmm words.

BM25 orders the candidates; whether the best one may be stated is decided by its *coverage*: the IDF-weighted share
of the question's informative words that it contains. A word that no fact or passage uses counts against the
candidate with the highest weight, so "พรุ่งนี้ฝนตกไหม" cannot borrow confidence from one shared everyday word.
The threshold is calibrated on the development set (tests/data/eval/dev_eval.yaml), never on the independent one.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from pythainlp.corpus import thai_words

from bot.knowledge.facts import Fact, FactBase
from bot.knowledge.sources import Passage
from bot.thai.text import clean, dictionary, is_content, tokenize

COVERAGE = 0.6  # calibrated on the development set: below it, the honest "not sure"
MIN_TERMS_WEIGHT = 2.0  # a question of only everyday words is never answered from retrieval
MIN_TERMS = 2  # nor a question of one common word ("ดูแล"): too little to pin a fact on

#: Words that only make a question a question; they say nothing about which fact is asked for.
STOP = frozenset(
    """อะไร ไหน ใคร ไหม มั้ย ป่ะ เปล่า หรือ หรือเปล่า รึเปล่า คือ คะ ค่ะ ครับ มี ที่ ของ เป็น ได้ ให้ ว่า และ กับ
    ใน การ ความ จะ ต้อง บ้าง ยังไง อย่างไร เท่าไหร่ เท่าไร กี่ ไร ช่วย หน่อย บอก ขอ ทราบ อยาก รู้ ถาม ทำไม
    เมื่อไหร่ เมื่อไร ตอนไหน แล้ว ล่ะ นะ จ้ะ จ้า หมายถึง the a an of is are what who which when where how did do
    does to in on for was were นี้ นั้น โดย ซึ่ง ไป มา แบบ เรื่อง ไว้ มีไว้ ทำ ชื่อ ปี พวก พวกนี้ ใช้ ใช้กับ เป็นคน
    อะ อ่ะ เนี่ย นี่ ครับผม จ๊ะ ค่า คับ many much พูดถึง กล่าวถึง ว่าไง ว่ายังไง เอกสาร ข้อมูล สงสัย อยากรู้ อยาก
    ทราบ ระบุ บอกว่า ได้ไหม ข่าว ไว้ว่า ตาม อธิบาย สรุป รายละเอียด ละเอียด ช่วยบอก ขอถาม สอบถาม หน่อยค่ะ เหรอ
    หรอ ยังไงบ้าง อย่างไรบ้าง แค่ไหน เท่านั้น จริง จริงๆ ไหนบ้าง นะคะ ด้วยค่ะ เป็นไปตาม เป็นไป เอา เอาไป ท่าน please
    ปรากฏ ใด ใดบ้าง ว่าด้วย""".split()
)
#: The kind of question, by its question word: among facts that may be stated, one that answers this kind wins.
ASKS = (
    ("who", re.compile(r"ใคร|who|ชื่ออะไร|ชื่อ")),
    ("where", re.compile(r"ที่ไหน|สถานที่|where|ห้องไหน|ผ่านอะไร|ผ่านช่องทาง|ผ่านระบบ|ระบบอะไร|ทางไหน|ช่องทาง")),
    ("when", re.compile(r"เมื่อไหร่|เมื่อไร|วันไหน|วันอะไร|ตอนไหน|when|วันที่เท่าไหร่")),
    ("count", re.compile(r"(?<!เ)กี่(?!ย)|จำนวน|howmany|เท่าไหร่|เท่าไร|howmuch")),
)
SYNONYMS = {
    "ปธ": "ประธาน", "ประชุมฯ": "ประชุม", "chair": "ประธาน", "chaired": "ประธาน", "meeting": "ประชุม",
    "attended": "เข้าร่วม", "attendees": "เข้าร่วม", "people": "คน", "ส.ค": "สิงหาคม", "สค": "สิงหาคม",
    "ก.ย": "กันยายน", "กย": "กันยายน", "เข้า": "เข้าร่วม", "อื่นๆ": "อื่น", "ปลัดกระทรวง": "ปลัด", "67": "2567",
    "64": "2564", "65": "2565", "นายกฯ": "นายก", "เป็นรอง": "รอง",
    "ปลัดกระทรวงศึกษาธิการ": "ปลัด", "รองปลัดกระทรวงศึกษาธิการ": "รองปลัด", "เลขา": "เลขานุการ",
    "เลขาฯ": "เลขานุการ", "กำกับ": "ดูแล", "คกก": "คณะกรรมการ", "กก": "กรรมการ", "ผู้อำนวยการ": "ผอ",
    "2024": "2567", "2021": "2564", "2022": "2565", "aug": "สิงหาคม", "august": "สิงหาคม", "sep": "กันยายน",
    "september": "กันยายน", "chairman": "ประธาน", "chairs": "ประธาน", "joined": "เข้าร่วม",
    "participants": "เข้าร่วม",
    "ผู้เข้าประชุม": "เข้าร่วม", "ผู้เข้าร่วมประชุม": "เข้าร่วม", "เข้าประชุม": "เข้าร่วม",
    "ปีงบ": "ปีงบประมาณ", "กฎหมาย": "กฎ", "ระเบียบ": "กฎ", "fiscal": "ปีงบประมาณ", "where": "ที่ไหน",
    "venue": "สถานที่", "online": "ออนไลน์", "editor": "บรรณาธิการ", "editors": "บรรณาธิการ", "edited": "บรรณาธิการ",
    "writer": "ผู้เขียน", "wrote": "ผู้เขียน", "graphic": "กราฟิก", "graphics": "กราฟิก", "designer": "กราฟิก",
    "ดีไซเนอร์": "กราฟิก", "ดีไซน์": "กราฟิก", "บก": "บรรณาธิการ", "นักข่าว": "ผู้เขียน", "ร.ร": "สถานศึกษา",
    "รร": "สถานศึกษา", "โรงเรียน": "สถานศึกษา", "mechanisms": "กลไก", "mechanism": "กลไก", "news": "ข่าว", "article": "ข่าว",
}  # fmt: skip


def terms(text: str) -> list[str]:
    """Folded content words of a text, for indexing and for questions alike. A long word is also cut with
    PyThaiNLP's plain dictionary, so a domain compound (งานอื่น) still meets its parts typed apart (งาน อื่นๆ)."""
    out: list[str] = []
    for token in tokenize(clean(text)):
        token = token.lower().strip(".,:;()“”\"'!?-–/ๆ")
        if not token or not is_content(token):
            continue
        out.append(SYNONYMS.get(token, token))
        for prefix in ("การ", "ความ"):  # การประชุม meets ประชุม
            if token.startswith(prefix) and len(token) > len(prefix) + 2:
                out.append(token[len(prefix) :])
        if len(token) >= 5:
            out.extend(p for p in _parts(token) if p != token)
    return out


#: Words that name each meeting, shared by all its facts ("ประธานในการประชุมชี้แจงภารกิจ" is the 2024 chair).
_MEETING_WORDS = {
    "meeting2024": "ประชุม ชี้แจง ภารกิจ มอบนโยบาย ซักซ้อม".split(),
    "meeting2021": "ประชุม เชิงปฏิบัติการ ปฏิบัติการ กลไก ปีงบประมาณ 2565".split(),
}


def _meeting(item: Fact | Passage) -> str:
    return item.id.split(".")[0] if isinstance(item, Fact) else ""


_THAI_MONTHS = "มกราคม กุมภาพันธ์ มีนาคม เมษายน พฤษภาคม มิถุนายน กรกฎาคม สิงหาคม กันยายน ตุลาคม พฤศจิกายน ธันวาคม".split()


def _dated(base: FactBase, file: str) -> list[str]:
    """The date of the document an item comes from, as words: a question often names the meeting by its date."""
    year, month, day = (int(x) for x in base.documents[file].source.date.split("-"))
    return [str(year + 543), _THAI_MONTHS[month - 1], str(day)]


def _with_parts(words: list[str]) -> list[str]:
    return words + [p for w in words for p in compound_parts(w) if p != w and is_content(p)]


def compound_parts(word: str) -> tuple[str, ...]:
    """A long word cut into the dictionary words it is made of even when it is a dictionary word itself
    (แผนปฏิบัติการ -> แผน ปฏิบัติการ, เชื่อมโยง -> เชื่อม โยง): documents are indexed with these parts too, so a
    question's shorter word still meets them."""
    return _parts(word, whole=True) if len(word) >= 6 else ()


@lru_cache(maxsize=8192)
def _parts(word: str, whole: bool = False) -> tuple[str, ...]:
    """A word cut into the dictionary words it is made of (longest first), or () when it is a plain Thai word
    (ตรวจสอบ stays whole) rather than a domain compound or a run newmm could not cut."""
    if word in thai_words() and not whole:
        return ()
    words = dictionary()
    pieces: list[str] = []
    start = 0
    while start < len(word):
        found = [p for p in words.prefixes(word[start:]) if len(p) < len(word)]
        if not found:
            if pieces and not words.prefixes(pieces[-1]):
                pieces[-1] += word[start]
            else:
                pieces.append(word[start])
            start += 1
            continue
        piece = max(found, key=len)
        pieces.append(piece)
        start += len(piece)
    kept = [p for p in pieces if len(p) > 1 and is_content(p)]
    return tuple(SYNONYMS.get(p, p) for p in kept) if len(kept) > 1 else ()


@lru_cache(maxsize=1024)
def _compact_text(text: str) -> str:
    return "".join(clean(text).split()).lower()


@dataclass(frozen=True, slots=True)
class Hit:
    fact: Fact | None
    passage: Passage | None
    score: float  # BM25
    coverage: float  # 0..1

    @property
    def file(self) -> str:
        return self.fact.file if self.fact is not None else self.passage.file  # type: ignore[union-attr]


class Retriever:
    """Facts and passages in one BM25 index; build once per process."""

    def __init__(self, base: FactBase) -> None:
        self.base = base
        self._items: list[Fact | Passage] = [*base.facts.values(), *base.passages]
        wholes = [terms(self._text(item)) for item in self._items]
        docs = [
            _with_parts(words) + _dated(base, item.file) + _MEETING_WORDS.get(_meeting(item), [])
            for item, words in zip(self._items, wholes, strict=True)
        ]
        self._sets = [frozenset(d) for d in docs]
        from rank_bm25 import BM25Okapi  # with numpy (~0.15 s): loaded with the index, not with the module

        self._bm25 = BM25Okapi(docs)
        count = len(docs)
        frequency: dict[str, int] = {}
        for words in self._sets:
            for word in words:
                frequency[word] = frequency.get(word, 0) + 1
        self._idf = {w: math.log(1 + count / f) for w, f in frequency.items()}
        self._vocabulary = frozenset(self._idf)
        #: the words as the documents write them, without the parts of their compounds (for `knows`)
        self._whole = frozenset(w for words in wholes for w in words)
        self._unseen = math.log(1 + count / 0.5)
        self._dates = {file: frozenset(_dated(base, file)[:2]) for file in base.documents}  # year and month
        self._rare = frozenset(w for w, f in frequency.items() if f <= 6)  # eMENSCR, XYZ: one word is enough

    @property
    def vocabulary(self) -> frozenset[str]:
        """Every word some fact or passage uses."""
        return self._vocabulary

    @staticmethod
    def _text(item: Fact | Passage) -> str:
        return " ".join((item.text_th, item.quote, *item.keywords)) if isinstance(item, Fact) else item.text

    def query_terms(self, text: str) -> list[str]:
        """The question's words; a compound the documents never use is replaced by its parts (แบ่งกลุ่ม)."""
        out: list[str] = []
        for t in dict.fromkeys(terms(text)):
            if t in STOP or (t not in self._idf and _parts(t)):
                continue
            if t not in self._idf and (parts := compound_parts(t)) and all(p in self._idf for p in parts):
                out.extend(p for p in parts if p not in STOP)
            else:
                out.append(t)
        return list(dict.fromkeys(out))

    def _search(self, words: list[str], limit: int) -> list[Hit]:
        if not words:
            return []
        weights = {w: self._idf.get(w, self._unseen) for w in words}
        total = sum(weights.values())
        scores = self._bm25.get_scores(words)
        ranked = sorted(range(len(self._items)), key=lambda i: scores[i], reverse=True)
        hits: list[Hit] = []
        for index in ranked:
            item = self._items[index]
            if scores[index] <= 0:
                break
            covered = sum(weights[w] for w in words if w in self._sets[index])
            fact, passage = (item, None) if isinstance(item, Fact) else (None, item)
            hits.append(Hit(fact, passage, float(scores[index]), covered / total if total else 0.0))
            if len(hits) == limit:
                break
        return hits

    def best(self, text: str, drop: frozenset[str] = frozenset(), prefix: tuple[str, ...] = ()) -> Hit | None:
        """The best candidate if it may be stated (coverage over the threshold), else None. Words in `drop` are
        left out of the question first (the words a whole list shares, when one item of it is wanted), and with
        them any number ("กลไก 11 ข้อ" counts the list, it does not point at mechanism 11)."""
        words = [w for w in self.query_terms(text) if w not in drop and not (drop and w.isdigit())]
        if len(words) < MIN_TERMS and not prefix and not any(w in self._rare for w in words):
            return None
        if sum(self._idf.get(w, self._unseen) for w in words) < MIN_TERMS_WEIGHT / (2 if prefix else 1):
            return None
        compact = "".join(clean(text).split())
        asked = {kind for kind, pattern in ASKS if pattern.search(compact)}
        hits = [h for h in self._search(words, 40 if prefix else 8) if not prefix or (
            h.fact is not None and h.fact.id.startswith(prefix))][:8]  # fmt: skip
        named = [f for f, date in self._dates.items() if date & set(words)]
        if len(named) == 1:  # "ประชุม 8 ก.ย. 64": only that document's facts and passages
            hits = [h for h in hits if h.file == named[0]]
        if not hits:
            return None
        pairs = [a + b for a, b in pairwise(words)]
        stated = sorted(
            (h for h in hits if h.coverage >= COVERAGE),
            key=lambda h: (round(h.coverage, 1), self._phrases(h, pairs), h.score),
        )
        facts = [h for h in stated if h.fact is not None]
        fitting = [h for h in facts if asked & set(h.fact.asks)]  # type: ignore[union-attr]
        if "count" in asked and not fitting:
            return None  # "how many" answered by a fact with no count in it would be a number made up
        return (fitting or facts or stated or [None])[-1]

    def _phrases(self, hit: Hit, pairs: list[str]) -> int:
        """How many of the question's word pairs the item writes side by side ("เชื่อมโยงยุทธศาสตร์"): between two
        items that hold every word, the one that says the question's phrase is the one asked about."""
        item = hit.fact if hit.fact is not None else hit.passage
        text = _compact_text(self._text(item))  # type: ignore[arg-type]
        return sum(pair in text for pair in pairs)

    def alike(self, text: str, hit: Hit, limit: int = 4) -> list[Hit]:
        """The items of the same series (mechanism:, duty:) that the question fits as well as `hit`, in their order:
        "ต้นทาง กลางทาง ปลายทาง อยู่กลไกข้อไหนบ้าง" is asked of every mechanism that says it, not of one."""
        if hit.fact is None or ":" not in hit.fact.id:
            return [hit]
        series = hit.fact.id.split(":")[0] + ":"
        words = self.query_terms(text)
        same = [
            h for h in self._search(words, 40)
            if h.fact is not None and h.fact.id.startswith(series) and round(h.coverage, 2) >= round(hit.coverage, 2)
        ]  # fmt: skip
        if not 1 < len(same) <= limit:
            return [hit]
        return sorted(same, key=lambda h: int(h.fact.id.split(":")[1]) if h.fact.id.split(":")[1].isdigit() else 0)  # type: ignore[union-attr]

    def knows(self, word: str) -> bool:
        """A word some fact or passage uses (or all of whose parts are used, or the word after การ/ความ)."""
        word, known = SYNONYMS.get(word, word), self._whole
        for prefix in ("การ", "ความ"):
            if word.startswith(prefix) and word[len(prefix) :] in known:
                return True
        return word in known or (bool(_parts(word)) and all(p in known for p in _parts(word)))
