"""Recognise what a committee member or school director asks, in Thai (or a little English), without a model.

Three layers, cheap enough for every message (well under a millisecond after set-up):

a. slots by rule on the cleaned text: report round, duty or mechanism number, oversight group, province (name,
   alias, or a one-letter typo of a name of four letters or more), language;
b. fuzzy matching against the labelled examples in ``intent_examples.yaml``: an IDF-weighted soft overlap (Dice)
   of content words, folded through a table of spellings and synonyms; rapidfuzz maps a misspelt word to a known
   one. The same file lists, per intent, keywords that boost it and words it requires or excludes, so that a
   message sharing only everyday words with an example cannot land on it;
c. slot-driven disambiguation between sibling intents (a number with กลไก is mechanism_one, without one it is
   mechanisms_all; a round makes a deadline question deadline_round; a province makes it oversight_province).

When the best score is low or the runner-up is close, the answer is ``unknown`` with the closest intents as
alternatives: asking back is better than a confident wrong answer. A greeting or thanks wrapped around a clear
question is the question. An embedding model was measured (USE multilingual: 17/18 on the probe, but ~148 MB
resident) and is not used.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

from pythainlp.util import thaiword_to_num
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from bot.thai.academic import english_round
from bot.thai.memo import remembered
from bot.thai.overlap import ExampleOverlap
from bot.thai.substrings import SubstringIndex, letter_pairs
from bot.thai.text import PARTICLES, clean, content_tokens, dictionary, is_content, tokenize
from storage.reference.data import ReferenceData
from storage.reference.fastyaml import safe_load

EXAMPLES_PATH = Path(__file__).with_name("intent_examples.yaml")

GREETING = "greeting"
THANKS = "thanks"
HELP = "help"
DUTIES_ALL = "duties_all"
DUTY_ONE = "duty_one"
DUTIES_MINE = "duties_mine"
DEADLINE_NEXT = "deadline_next"
DEADLINE_ROUND = "deadline_round"
DEADLINE_YEAR = "deadline_year"
DEADLINE_HOWTO = "deadline_howto"
OVERSIGHT_PROVINCE = "oversight_province"
GROUP_INFO = "group_info"
COMPOSITION_AREA = "composition_area"
COMPOSITION_SPECIAL = "composition_special"
COMPOSITION_COUNTS = "composition_counts"
MECHANISMS_ALL = "mechanisms_all"
MECHANISM_ONE = "mechanism_one"
MY_STATUS = "my_status"
PROGRESS_UPDATE = "progress_update"
CHECK_IN = "check_in"
REGISTER = "register"
WHOAMI = "whoami"
LANGUAGE = "language"
UNKNOWN = "unknown"

#: Every intent the recognizer can return except ``unknown``.
INTENTS: tuple[str, ...] = (
    GREETING, THANKS, HELP, DUTIES_ALL, DUTY_ONE, DUTIES_MINE, DEADLINE_NEXT, DEADLINE_ROUND, DEADLINE_YEAR,
    DEADLINE_HOWTO, OVERSIGHT_PROVINCE, GROUP_INFO, COMPOSITION_AREA, COMPOSITION_SPECIAL, COMPOSITION_COUNTS,
    MECHANISMS_ALL, MECHANISM_ONE, MY_STATUS, PROGRESS_UPDATE, CHECK_IN, REGISTER, WHOAMI, LANGUAGE,
)  # fmt: skip

#: Which slot each intent answers with; other slots found in the text are not returned with it.
INTENT_SLOTS: dict[str, str] = {
    DUTY_ONE: "number",
    MECHANISM_ONE: "number",
    DEADLINE_ROUND: "round",
    OVERSIGHT_PROVINCE: "province",
    GROUP_INFO: "group",
    LANGUAGE: "lang",
}

THRESHOLD = 0.5  # below this best score: unknown
MARGIN = 0.1  # best and runner-up closer than this: unknown
KEYWORD_BOOST = 0.15
COURTESY_EXTRA = 0.15  # what follows a greeting or thanks must be this much clearer to be the question
SLOT_BOOST = 0.2
SLOT_FLOOR = 0.3  # a slot only lifts a question that already looks like its intent

_NUMBER_WORDS = "สิบเอ็ด|สิบสอง|สิบ|หนึ่ง|สอง|สาม|สี่|ห้า|หก|เจ็ด|แปด|เก้า"
_NUM = rf"(?P<n>\d{{1,2}}|{_NUMBER_WORDS})"
_COUNTED = r"(?!\d|\s*(ข้อ|กลไก|ภารกิจ|หน้าที่|อย่าง|ประการ|ด้าน))"  # "กลไก 11 ข้อ" counts, it does not point
_MECHANISM_NUMBER = re.compile(rf"(กลไก|mechanism)\s*(ข้อ|ตัว|อัน)?\s*(ที่)?\s*{_NUM}{_COUNTED}")
_DUTY_NUMBER = re.compile(rf"(หน้าที่|ภารกิจ|บทบาท|duty|ข้อ)\s*(ข้อ)?\s*(ที่)?\s*{_NUM}{_COUNTED}")
_ROUND = re.compile(rf"(ครั้ง|รอบ|round)\s*(ที่)?\s*({_NUM}(?!\d)|แรก)")
_SEMESTER = re.compile(rf"(ภาคเรียน|เทอม|semester)\s*(ที่)?\s*{_NUM}(?!\d)")
#: Both report rounds named at once, in compact text ("ครั้งที่ 1 และ 2", "รอบแรกกับรอบสอง", "ทั้ง 2 ครั้ง"): the year's.
_BOTH_ROUNDS = re.compile(
    r"(?:ครั้ง|รอบ)(?:ที่)?(?:1|หนึ่ง|แรก)(?:และ|กับ|,|หรือ|&|\+)(?:ครั้ง|รอบ)?(?:ที่)?(?:2|สอง)(?!\d)"
    r"|ทั้ง(?:2|สอง)(?:ครั้ง|รอบ)|both(?:rounds|reports)"
)
_GROUP = re.compile(rf"(กลุ่ม|group)\s*(ที่)?\s*{_NUM}(?!\d)")
_LANG = re.compile(r"(อังกฤษ|english|eng(?![a-z]))|(ไทย|thai)")
_NUMBER_TOKEN = re.compile(rf"(ที่)?(\d+|{_NUMBER_WORDS}|แรก)")
_LATIN = re.compile(r"[a-z]")
_MECHANISMS_TITLE = "กลไกการบริหารและการจัดการศึกษาแบบมีส่วนร่วมในระดับพื้นที่"

#: Spellings folded together before matching, so examples need not list them all.
_SYNONYMS: dict[str, str] = {
    "เช็กอิน": "เช็คอิน", "เชคอิน": "เช็คอิน", "checkin": "เช็คอิน", "check-in": "เช็คอิน",
    "อัพเดท": "อัปเดต", "อัพเดต": "อัปเดต", "อัปเดท": "อัปเดต", "update": "อัปเดต", "updates": "อัปเดต",
    "ความก้าวหน้า": "ความคืบหน้า", "progress": "ความคืบหน้า",
    "เมื่อไร": "เมื่อไหร่", "ตอนไหน": "เมื่อไหร่", "when": "เมื่อไหร่",
    "อย่างไร": "ยังไง", "ไง": "ยังไง", "how": "ยังไง", "วิธี": "ยังไง", "วิธีการ": "ยังไง",
    "ครั้งหน้า": "รอบหน้า", "ครั้งต่อไป": "รอบหน้า", "ครั้งถัดไป": "รอบหน้า", "รอบถัดไป": "รอบหน้า",
    "next": "รอบหน้า",
    "คณะกรรมการ": "กรรมการ", "committee": "กรรมการ", "committees": "กรรมการ",
    "ภารกิจ": "หน้าที่", "หน้าที": "หน้าที่", "มีไร": "มี อะไร", "บทบาท": "หน้าที่", "duty": "หน้าที่", "duties": "หน้าที่",
    "ครั้ง": "รอบ", "ครั้งที่": "รอบ", "รอบที่": "รอบ", "round": "รอบ",
    "กลุ่มที่": "กลุ่ม", "group": "กลุ่ม", "ข้อที่": "ข้อ",
    "จ": "จังหวัด", "จว": "จังหวัด", "province": "จังหวัด",
    "ผม": "ฉัน", "หนู": "ฉัน", "ดิฉัน": "ฉัน", "กระผม": "ฉัน", "เรา": "ฉัน", "i": "ฉัน", "my": "ฉัน", "me": "ฉัน",
    "mechanism": "กลไก", "mechanisms": "กลไก",
    "register": "ลงทะเบียน", "status": "สถานะ", "menu": "เมนู", "profile": "โปรไฟล์",
    "thanks": "ขอบคุณ", "thank": "ขอบคุณ", "thx": "ขอบคุณ", "ty": "ขอบคุณ",
    "hello": "สวัสดี", "hi": "สวัสดี", "หวัดดี": "สวัสดี",
    "english": "ภาษาอังกฤษ", "อังกฤษ": "ภาษาอังกฤษ", "thai": "ไทย", "ภาษาไทย": "ภาษา ไทย",
    "เทอม": "ภาคเรียน", "term": "ภาคเรียน", "semester": "ภาคเรียน",
    "deadline": "เดดไลน์", "report": "รายงาน", "reports": "รายงาน", "due": "กำหนด ส่ง", "submit": "ส่ง",
    "กำหนดส่ง": "กำหนด ส่ง", "ครบกำหนด": "กำหนด", "หมดเขต": "กำหนด", "ครั้งแรก": "รอบ", "รอบแรก": "รอบ",
    "ตุลา": "เดือน", "ตุลาคม": "เดือน", "ต.ค": "เดือน", "เมษา": "เดือน", "เมษายน": "เดือน", "เม.ย": "เดือน",
    "วันที่": "วัน", "เท่าไร": "เท่าไหร่", "มั้ย": "ไหม", "ป่ะ": "ไหม", "เปล่า": "ไหม", "หรือเปล่า": "ไหม",
    "รึเปล่า": "ไหม", "ป่าว": "ไหม",
    "สมัครสมาชิก": "สมัคร", "sign-up": "ลงทะเบียน", "เสนอ": "ส่ง",
    "what": "อะไร", "can": "ได้", "do": "ทำ", "who": "ใคร", "which": "ไหน", "where": "ที่ไหน", "am": "เป็น",
    "การใช้งาน": "ใช้งาน", "ใช้": "ใช้งาน",
    "ไร": "อะไร", "อะไรบ้าง": "อะไร บ้าง", "มั่ง": "บ้าง", "มั้ง": "บ้าง", "กก": "กรรมการ", "คกก": "กรรมการ", "ร.ร": "โรงเรียน",
    "รร": "โรงเรียน", "ขอบคุน": "ขอบคุณ", "ขอบคุง": "ขอบคุณ",
    "สารบรรณอิเล็กทรอนิกส์": "สารบรรณ", "e-saraban": "สารบรรณ", "esaraban": "สารบรรณ",
}  # fmt: skip
_PAIRS: dict[tuple[str, str], str] = {("check", "in"): "เช็คอิน", ("sign", "up"): "ลงทะเบียน"}
_FILLERS = frozenset({"please", "pls", "plz", "the", "a", "an", "you", "ๆ", "สรุป", "สั้น", "คร่าว", "หน่อย", "ย่อ"})
#: Everyday words: their weight is fixed and small, since how rare they are among the examples says nothing
#: about how rare they are in chat (ดี alone is a greeting, but กินอะไรดี is not one).
_COMMON = frozenset(
    {
        "อะไร", "ไหน", "ดี", "มี", "ใช่", "เท่าไหร่", "ตอนนี้", "บ้าง", "คือ", "ได้", "ไหม", "ของ", "ใน",
        "เป็น", "ที่", "ทำ", "ต้อง", "ขอ", "ดู", "จะ", "ให้", "ไป", "ว่า", "กับ", "และ", "หรือ", "นี้", "การ",
        "ไม่", "หมายถึง", "อยาก", "is", "are", "to", "of", "for", "in", "on",
    }
)  # fmt: skip
COMMON_WEIGHT = 0.25
#: Seats on a committee, matched as one word (ตำแหน่ง) so an example with one seat stands for all of them.
_SEATS = frozenset(
    {
        "ประธาน", "รองประธาน", "เลขานุการ", "เลขา", "ผู้ทรงคุณวุฒิ", "ผู้แทน", "ผอ", "รองผอ", "ผู้อำนวยการ",
        "รองผู้อำนวยการ", "ผู้บริหาร", "role", "chair", "secretary",
    }
)  # fmt: skip
#: Words that make a duties question about the asker's own seat (duties_mine rather than duties_all).
_PERSONAL = frozenset({"ฉัน", "ฐานะ", "ตำแหน่ง"})
#: Words that make a composition question about the สศศ. committee rather than the สพท. ones.
_SPECIAL = frozenset({"สศศ", "พิเศษ", "การศึกษาพิเศษ", "special"})
_WHAT = frozenset({"อะไร", "ไหน", "ใคร"})
#: Courtesy words, which may wrap a real question.
_COURTESY = {"สวัสดี": GREETING, "ขอบคุณ": THANKS, "ขอบใจ": THANKS, "ขอบพระคุณ": THANKS, "แต๊งกิ้ว": THANKS}
#: Any spelling of a courtesy word (each one's own, and those folded into one): in every message that is one.
_COURTESY_WORD = re.compile(
    "|".join(
        re.escape(word)
        for word in sorted(
            {*_COURTESY, *(k for k, v in _SYNONYMS.items() if any(w in _COURTESY for w in v.split()))},
            key=len,
            reverse=True,
        )
    )
)

#: One courtesy word with up to two polite particles and a closing "!", spaces between or not ("สวัสดีค่ะ",
#: "ขอบคุณนะคะ!", "thanks ครับ"): the usual courtesy message, read without the recognizer's analysis. Left out, as
#: newmm cuts them into other words: "." after a particle, เด้อ, ค้าบ, น้า (คะน้า), จ๊ะ (นะจ๊ะ), and ค่า right after
#: ขอบคุณ (คุณค่า). Every message of this finite pattern reads as the analysis reads it
#: (tests/thai_intents/test_courtesy.py tries them all).
_COURTESY_SPELLINGS = {word: word for word in _COURTESY} | {k: v for k, v in _SYNONYMS.items() if v in _COURTESY}
_PLAIN_PARTICLES = PARTICLES - {"เด้อ", "ค้าบ", "น้า", "จ๊ะ", "ๆ", "หน่อย", "ด้วย"}
_PLAIN_COURTESY = re.compile(
    "(?P<word>{words})(?!(?<=คุณ|คุน|คุง)ค่า)(?: ?(?:{particles})){{0,2}}(?: ?!)?".format(
        words="|".join(map(re.escape, sorted(_COURTESY_SPELLINGS, key=len, reverse=True))),
        particles="|".join(map(re.escape, sorted(_PLAIN_PARTICLES, key=len, reverse=True))),
    )
)


@dataclass(frozen=True)
class IntentMatch:
    """The recognised intent, its score (0..1), its slots, and the closest intents when it is ``unknown``."""

    intent: str
    score: float
    slots: dict[str, object] = field(default_factory=dict)
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Province:
    form: str  # lower-case name or alias as people type it
    name_th: str  # canonical Province.name_th


class IntentRecognizer:
    """Layered intent recognizer; build once per process (reads the examples, warms the tokenizer)."""

    def __init__(
        self,
        reference: ReferenceData,
        examples_path: Path = EXAMPLES_PATH,
        *,
        threshold: float = THRESHOLD,
        margin: float = MARGIN,
    ) -> None:
        self.threshold = threshold
        self.margin = margin
        self._duty_count = len(reference.duties)
        self._mechanism_count = len(reference.mechanisms)
        self._rounds = {r.round for r in reference.report_rule.rounds}
        self._semester_round = {r.semester: r.round for r in reference.report_rule.rounds}
        self._groups = {g.number for g in reference.groups}
        self._province_long, self._province_short, self._province_latin = _province_index(reference)
        self._fuzzy_forms = [p.form for p in self._province_long]
        self._long_index = SubstringIndex(self._fuzzy_forms)
        # One edit away keeps the length within one, and the first two letters or the last two (an edit in the
        # first two keeps the last two: forms and candidates have four letters or more): the (length, two letters)
        # a candidate must start or end with.
        near = (-1, 0, 1)
        self._fuzzy_firsts = frozenset((len(f) + d, f[:2]) for f in self._fuzzy_forms for d in near)
        self._fuzzy_lasts = frozenset((len(f) + d, f[-2:]) for f in self._fuzzy_forms for d in near)
        self._mechanism_keywords = _unique_keywords(reference)
        self._words = dictionary().words  # the set itself: a membership test without a Python call

        raw = safe_load(examples_path.read_text(encoding="utf-8"))
        # Each keyword (a set of terms the message must all hold) is looked up by one of its terms, its anchor.
        self._keyword_anchors: dict[str, list[tuple[str, frozenset[str]]]] = defaultdict(list)
        self._boosted_always: set[str] = set()  # an empty keyword: every message holds it
        for intent, words in raw["keywords"].items():
            for keyword in (frozenset(_terms(tokenize(clean(k)))) for k in words):
                if keyword:
                    self._keyword_anchors[min(keyword)].append((intent, keyword))
                else:
                    self._boosted_always.add(intent)
        self._gates = {intent: _gate(words) for intent, words in raw["requires"].items()}
        self._excludes = {intent: _gate(words)[0] for intent, words in raw["excludes"].items()}
        self._labels: list[str] = []
        examples: list[frozenset[str]] = []
        for intent, utterances in raw["examples"].items():
            if intent not in INTENTS:
                raise ValueError(f"unknown intent {intent!r} in {examples_path}")
            for utterance in utterances:
                terms = self._analyse(str(utterance))[0]
                if terms:
                    self._labels.append(intent)
                    examples.append(terms)

        intents_with: dict[str, set[str]] = defaultdict(set)
        for label, terms in zip(self._labels, examples, strict=True):
            for term in terms:
                intents_with[term].add(label)
        count = len(set(self._labels))
        self._idf = {
            term: COMMON_WEIGHT if term in _COMMON else math.log(1 + count / len(labels))
            for term, labels in intents_with.items()
        }
        self._unseen_weight = math.log(1 + count / 0.5)  # a word no example uses weighs more than any known one
        self._vocabulary = sorted(self._idf)
        self._affixes = sorted((t for t in self._idf if len(t) >= 4 and t not in _COMMON), key=len, reverse=True)
        postings: dict[str, list[int]] = defaultdict(list)
        for index, terms in enumerate(examples):
            for term in terms:
                postings[term].append(index)
        weights = [sum(self._idf[t] for t in terms) for terms in examples]
        self._overlap = ExampleOverlap(self._labels, dict(postings), weights)

    def recognize(self, text: str) -> IntentMatch:
        """Classify one message; never raises on odd input (empty, emoji, very long, code-like, mixed).

        A greeting or thanks wrapped around a question ("สวัสดีครับ ส่งรายงานเมื่อไหร่") is the question; wrapped
        around anything else, it is the greeting or thanks.
        """
        terms, slots = self._analyse(text)
        courtesy = {_COURTESY[t] for t in terms if t in _COURTESY}
        if not courtesy:
            return self._decide(terms, slots)
        if rest := terms - _COURTESY.keys():
            question = self._decide(rest, slots)
            if question.intent != UNKNOWN and question.score >= self.threshold + COURTESY_EXTRA:
                return question
        intent = THANKS if THANKS in courtesy else GREETING  # "thanks, bye" ends a conversation
        return IntentMatch(intent, round(min(self._score(terms)[intent], 1.0), 3))

    def courtesy(self, text: str) -> str | None:
        """GREETING or THANKS for a message of courtesy words alone ("สวัสดีค่ะ", "ขอบคุณครับ": particles, punctuation
        and emoji aside, no other word, number or slot), as `recognize` reads it; None for anything else."""
        cleaned = clean(text)
        if _COURTESY_WORD.search(cleaned) is None:
            return None  # no courtesy word at all (most messages): not worth reading further
        if (plain := _PLAIN_COURTESY.fullmatch(cleaned)) is not None:
            return _COURTESY[_COURTESY_SPELLINGS[plain["word"]]]
        terms, slots = self._analyse(text)
        if slots or not terms or not terms <= _COURTESY.keys():
            return None
        if not all(_SYNONYMS.get(word, word) in _COURTESY for word in map(_fold, content_tokens(text))):
            return None  # a number or a filler ("please") is no term, yet more than courtesy
        return THANKS if THANKS in {_COURTESY[t] for t in terms} else GREETING

    def slots(self, text: str) -> dict[str, object]:
        """Every slot found in a message by layer (a), whatever the intent (for composed answers)."""
        return self._analyse(text)[1]

    def knows(self, word: str) -> bool:
        """A word the examples use, or a misspelling of one (not a compound that merely ends with one)."""
        term = _SYNONYMS.get(_fold(word), _fold(word))
        if " " in term:  # a chat spelling folded into several words ("มีไร" = "มี อะไร")
            return all(self.knows(part) for part in term.split())
        if term in self._idf or term in _FILLERS or _NUMBER_TOKEN.fullmatch(term):
            return True
        if len(term) < 3:
            return False
        return process.extractOne(term, self._vocabulary, scorer=fuzz.ratio, score_cutoff=80) is not None

    def _decide(self, terms: frozenset[str], slots: dict[str, object]) -> IntentMatch:
        """Layers (b) and (c), then the threshold and margin that turn a doubtful answer into unknown."""
        if not terms:
            return IntentMatch(UNKNOWN, 0.0, slots)
        scores = self._score(terms)
        self._disambiguate(scores, slots, terms)
        ranked = sorted(scores.items(), key=itemgetter(1), reverse=True)
        (best, best_score), (_, second_score) = ranked[0], ranked[1]
        score = round(min(best_score, 1.0), 3)
        if best_score < self.threshold or best_score - second_score < self.margin:
            close = tuple(intent for intent, s in ranked[:3] if s >= self.threshold * 0.6)
            return IntentMatch(UNKNOWN, score, slots, close)
        wanted = INTENT_SLOTS.get(best)
        return IntentMatch(best, score, {wanted: slots[wanted]} if wanted in slots else {}, ())

    # --- layer (a): slots --------------------------------------------------------------------------------------

    def _analyse(self, text: str) -> tuple[frozenset[str], dict[str, object]]:
        """Terms for matching and the slots found (once per text in an event: `recognize` and `slots` both ask)."""
        terms, slots = remembered(f"analyse:{id(self)}", text, lambda: self._analysed(text))
        return terms, dict(slots)

    def _analysed(self, text: str) -> tuple[frozenset[str], dict[str, object]]:
        cleaned = clean(text)
        compact = cleaned.replace(" ", "")
        slots: dict[str, object] = {}
        extra: list[str] = []
        if (number := self._mechanism_number(compact)) is not None:
            slots["number"] = number
            extra.append("กลไก")
        elif (number := self._number(_DUTY_NUMBER, compact, self._duty_count)) is not None:
            slots["number"] = number
        if _BOTH_ROUNDS.search(compact):
            slots["rounds"] = "both"
        elif (round_ := self._round(compact)) is not None:
            slots["round"] = round_
        if (group := self._number(_GROUP, compact, max(self._groups, default=0))) is not None:
            slots["group"] = group
        if (lang := _language(compact)) is not None:
            slots["lang"] = lang
        cleaned, province = self._find_province(cleaned)
        tokens = [t for t in tokenize(cleaned) if is_content(t)]
        if province is None:
            tokens, province = self._token_province(tokens)
        if province is not None:
            slots["province"] = province
        return frozenset(_terms(tokens) + extra), slots

    @staticmethod
    def _number(pattern: re.Pattern[str], compact: str, top: int) -> int | None:
        for match in pattern.finditer(compact):
            value = _to_int(match.group("n"))
            if 1 <= value <= top:
                return value
        return None

    def _mechanism_number(self, compact: str) -> int | None:
        if (number := self._number(_MECHANISM_NUMBER, compact, self._mechanism_count)) is not None:
            return number
        for keyword, number in self._mechanism_keywords:
            if keyword in compact and ("กลไก" in compact or _LATIN.search(keyword)):
                return number
        return None

    def _round(self, compact: str) -> int | None:
        for match in _ROUND.finditer(compact):
            value = 1 if match.group("n") is None else _to_int(match.group("n"))
            if value in self._rounds:
                return value
        if (semester := self._number(_SEMESTER, compact, max(self._semester_round, default=0))) is not None:
            return self._semester_round.get(semester)
        return english_round(compact)

    def _find_province(self, cleaned: str) -> tuple[str, str | None]:
        """Replace the first province name or alias by the word จังหวัด; return the text and the province."""
        if _LATIN.search(cleaned) is not None:  # every Latin form holds a Latin letter
            for form, name in self._province_latin:
                if (match := form.search(cleaned)) is not None:
                    return f"{cleaned[: match.start()]} จังหวัด {cleaned[match.end() :]}", name
        for position in self._long_index.candidates(letter_pairs(cleaned)):
            province = self._province_long[position]
            if (at := cleaned.find(province.form)) >= 0:
                end = at + len(province.form)
                return f"{cleaned[:at]} จังหวัด {cleaned[end:]}", province.name_th
        return cleaned, None

    def _token_province(self, tokens: list[str]) -> tuple[list[str], str | None]:
        """A short form typed as a whole word (นรา, กทม), or a name of four letters or more with one letter
        wrong, typed as one to three tokens that together are not a dictionary word (ตลาด is not ตราด)."""
        for index, token in enumerate(tokens):
            if (name := self._province_short.get(token)) is not None:
                return [*tokens[:index], "จังหวัด", *tokens[index + 1 :]], name
        firsts, lasts, words = self._fuzzy_firsts, self._fuzzy_lasts, self._words
        for size in (1, 2, 3):
            for start in range(len(tokens) - size + 1):
                candidate = tokens[start] if size == 1 else "".join(tokens[start : start + size])
                length = len(candidate)
                # No form is one edit away without the length and the first two letters or the last two of one:
                # most candidates end here, without asking rapidfuzz.
                if length < 4 or ((length, candidate[:2]) not in firsts and (length, candidate[-2:]) not in lasts):
                    continue
                if candidate in words or _LATIN.search(candidate):
                    continue
                hit = process.extractOne(candidate, self._fuzzy_forms, scorer=Levenshtein.distance, score_cutoff=1)
                if hit is not None:
                    return [*tokens[:start], "จังหวัด", *tokens[start + size :]], self._province_long[hit[2]].name_th
        return tokens, None

    # --- layer (b): fuzzy matching -----------------------------------------------------------------------------

    def _score(self, terms: frozenset[str]) -> dict[str, float]:
        """Best IDF-weighted soft Dice overlap with each intent's examples, plus keyword boosts."""
        gains: list[tuple[str, float]] = []
        query_weight = 0.0
        resolved = set(terms)
        for term in terms:
            known, credit = term, 1.0
            if term not in self._idf:
                found = self._nearest(term)
                if found is None:
                    query_weight += self._unseen_weight
                    continue
                known, credit = found
                resolved.add(known)
            weight = self._idf[known]
            query_weight += weight
            gains.append((known, weight * credit))
        scores = dict.fromkeys(INTENTS, 0.0)
        scores.update(self._overlap.best(gains, query_weight))
        boosted = set(self._boosted_always)
        for term in resolved:  # a keyword's terms all in the message: one of them is, the anchor
            for intent, keyword in self._keyword_anchors.get(term, ()):
                if intent not in boosted and keyword <= resolved:
                    boosted.add(intent)
        for intent in boosted:
            scores[intent] += KEYWORD_BOOST
        for intent, gate in self._gates.items():  # an intent at 0.0 stays there: no need to check its gate
            if scores[intent] and any(resolved.isdisjoint(words) for words in gate):
                scores[intent] = 0.0
        for intent, words in self._excludes.items():
            if scores[intent] and not resolved.isdisjoint(words):
                scores[intent] = 0.0
        return scores

    def _nearest(self, term: str) -> tuple[str, float] | None:
        """A known word for an unknown one: a misspelling of it (credit = similarity), or a compound that starts
        or ends with it (เมนูหลัก -> เมนู, credit 0.7)."""
        if len(term) < 3:
            return None
        hit = process.extractOne(term, self._vocabulary, scorer=fuzz.ratio, score_cutoff=80)
        if hit is not None:
            return hit[0], hit[1] / 100
        part = next((k for k in self._affixes if term.startswith(k) or term.endswith(k)), None)
        return (part, 0.7) if part is not None else None

    # --- layer (c): slots decide between siblings --------------------------------------------------------------

    def _disambiguate(self, scores: dict[str, float], slots: dict[str, object], terms: frozenset[str]) -> None:
        number = "number" in slots
        mechanism = number and "กลไก" in terms
        _prefer(scores, MECHANISM_ONE, MECHANISMS_ALL, when=mechanism)
        _prefer(scores, DUTY_ONE, DUTIES_ALL, when=number and not mechanism)
        if not number:
            _prefer(scores, DUTIES_MINE, DUTIES_ALL, when=bool(terms & _PERSONAL))
        if "round" in slots:  # "รายงานครั้งที่ 1 ปีการศึกษา 2569": one round of a year, not the year's every round
            scores[DEADLINE_ROUND], scores[DEADLINE_YEAR] = max(scores[DEADLINE_ROUND], scores[DEADLINE_YEAR]), 0.0
        elif "rounds" in slots:  # "ครั้งที่ 1 และ 2 ส่งเมื่อไหร่": the year's every round
            best = max(scores[DEADLINE_ROUND], scores[DEADLINE_YEAR], scores[DEADLINE_NEXT])
            scores[DEADLINE_YEAR], scores[DEADLINE_ROUND], scores[DEADLINE_NEXT] = best, 0.0, 0.0
        _prefer(scores, DEADLINE_ROUND, DEADLINE_NEXT, when="round" in slots)
        _prefer(scores, COMPOSITION_SPECIAL, COMPOSITION_AREA, when=bool(terms & _SPECIAL))
        if {"ลงทะเบียน", "ฉัน"} <= terms and terms & _WHAT:  # asking what one registered as
            scores[WHOAMI], scores[REGISTER] = max(scores[WHOAMI], scores[REGISTER]) + SLOT_BOOST, 0.0
        if "province" in slots and "group" not in slots:
            _prefer(scores, OVERSIGHT_PROVINCE, GROUP_INFO, when=True)
        elif "group" in slots:
            _prefer(scores, GROUP_INFO, OVERSIGHT_PROVINCE, when=True)


def _prefer(scores: dict[str, float], specific: str, general: str, *, when: bool) -> None:
    """Give a sibling pair's best score to the one the slots call for, and drop the other."""
    best = max(scores[specific], scores[general])
    if when:
        scores[specific], scores[general] = (best + SLOT_BOOST if best >= SLOT_FLOOR else best), 0.0
    else:
        scores[specific], scores[general] = 0.0, best


def _terms(tokens: list[str]) -> list[str]:
    """Content tokens folded for matching: synonyms merged, numbers and fillers dropped."""
    terms: list[str] = []
    folded = [_fold(token) for token in tokens]
    index = 0
    while index < len(folded):
        token = folded[index]
        pair = (token, folded[index + 1]) if index + 1 < len(folded) else None
        if pair in _PAIRS:
            terms.append(_PAIRS[pair])
            index += 2
            continue
        index += 1
        if token and token not in _FILLERS and not _NUMBER_TOKEN.fullmatch(token):
            terms.extend(["ตำแหน่ง"] if token in _SEATS else _SYNONYMS.get(token, token).split())
    return terms


def _gate(words: list[str] | list[list[str]]) -> tuple[frozenset[str], ...]:
    """A `requires` entry as sets of terms, each of which the message must hit."""
    lists = words if words and isinstance(words[0], list) else [words]
    return tuple(frozenset(t for w in group for t in _terms(tokenize(clean(str(w))))) for group in lists)


def _fold(token: str) -> str:
    return token.lower().strip(".,!?'\"()[]{}:;-_/*").replace(" ", "")


def _to_int(value: str) -> int:
    if value.isdigit():
        return int(value)
    return thaiword_to_num(value)


def _language(compact: str) -> str | None:
    found = None
    for match in _LANG.finditer(compact):
        found = "en" if match.group(1) else "th"
    return found


def _province_index(
    reference: ReferenceData,
) -> tuple[list[_Province], dict[str, str], list[tuple[re.Pattern[str], str]]]:
    """Thai forms of four letters or more, longest first (found as substrings, and the fuzzy targets); shorter
    Thai forms (found as whole tokens only); Latin forms as word-bounded patterns."""
    long: list[_Province] = []
    short: dict[str, str] = {}
    latin: list[tuple[re.Pattern[str], str]] = []
    for province in reference.provinces:
        for form in {province.name_th, province.name_en, *province.aliases}:
            form = form.lower().strip()
            if _LATIN.search(form):
                spaced = r"\s*".join(re.escape(part) for part in form.split())
                latin.append((re.compile(rf"(?<![a-z]){spaced}(?![a-z])"), province.name_th))
            elif len(form.rstrip(".ฯ")) >= 4:
                long.append(_Province(form, province.name_th))
            else:
                short[form] = short[form.rstrip(".ฯ")] = province.name_th
    long.sort(key=lambda p: len(p.form), reverse=True)
    latin.sort(key=lambda item: len(item[0].pattern), reverse=True)
    return long, short, latin


def _unique_keywords(reference: ReferenceData) -> list[tuple[str, int]]:
    """Mechanism keywords that name exactly one mechanism, as (folded keyword, number), longest first. Words of
    the name of the whole set (แบบมีส่วนร่วม) do not point to one mechanism."""
    owners: dict[str, set[int]] = defaultdict(set)
    for mechanism in reference.mechanisms:
        for keyword in mechanism.keywords_th:
            owners[_fold(keyword)].add(mechanism.number)
    unique = [
        (k, next(iter(n))) for k, n in owners.items() if len(n) == 1 and len(k) >= 5 and k not in _MECHANISMS_TITLE
    ]
    return sorted(unique, key=lambda item: len(item[0]), reverse=True)
