"""Answers grounded in the source documents for questions no intent was written for: composed answers over the
structured facts, retrieval of a quoted passage, and the dialogue memory that lets a follow-up lean on the last
topic. Every answer names the document it comes from ("ที่มา: ข่าว สพฐ. 26 ส.ค. 2567").

Order for a typed message (handlers/intents.py): phrase rules (and courtesy words alone, with no topic to follow
up: the greeting or the thanks, without reading further), then `plan` (composed answers and follow-ups), then
the intent recognizer, then `retrieve` when no intent is confident (or the question is about the documents
themselves: meetings, people, terms), then the honest "not sure" with choices.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from bot.core.context import Context
from bot.core.messages import Reply
from bot.knowledge.compose import OUR_PLACE, Line, Plan
from bot.knowledge.counts import count_verdict
from bot.knowledge.facts import Fact
from bot.knowledge.mentions import Mentions
from bot.knowledge.people import asks_who_said, said_ids, speakers, topic_of_saying
from bot.knowledge.retrieval import ASKS, STOP, Hit
from bot.thai.academic import named_year
from bot.thai.text import clean, dictionary, tokenize
from handlers.common import intent_choice

_LATIN = re.compile(r"[a-z0-9\-.]+")  # English words: too few examples to judge them foreign
MEMORY_TTL = timedelta(minutes=5)  # a follow-up after this long starts afresh
QUOTE_CHARS = 330  # a passage is at most 320 characters (bot/knowledge/sources.py); facts' quotes are shorter
#: Questions about the documents themselves go to retrieval before the intents (which know none of this).
_DOCUMENT_CUES = re.compile(
    r"ประชุม|เข้าร่วม|สบน|emenscr|xyz|cockpit|warroom|ย่อมาจาก|ชื่อเต็ม|ศธภ|ศธจ|ศึกษาธิการจังหวัด|ศึกษาธิการภาค|รมว|"
    r"รัฐมนตรี|ปลัด|เลขาธิการ|ตัวชี้วัด|ข่าว|ผู้เขียน|กล่าวรายงาน|เน้นย้ำ|ชี้แนะ|นโยบาย|ปีงบ|ธนุ|สุภัทร|ธนู|สมใจ|"
    r"เพิ่มพูน|เรียนดี|ฝ่ายเลขา|meeting|attend"
)
_NOW = re.compile(r"ปีที่แล้ว|ปีก่อน|ปีนี้|ล่าสุด|ตอนนี้|ปัจจุบัน|เมื่อวาน|วันนี้|เดี๋ยวนี้|this ?year|last ?year|now")
_FUTURE = re.compile(r"(?:ประชุม|meeting)\S*(?:ครั้งหน้า|ครั้งต่อไป|ครั้งถัดไป|รอบหน้า|ปีหน้า|next)|ปีหน้า|ในอนาคต|จะมี\S*ประชุม|อีกเมื่อ")
#: Everyday words of time, manner and asking: unknown to the examples, yet they never change what is asked.
EVERYDAY = frozenset(
    """ตอน ก่อน หลัง เวลา หน้า ถัดไป ต่อไป สุดท้าย วันสุดท้าย เหลือ ใกล้ ช่วง ภายใน นาน เร็ว ช้า ล่าสุด ปัจจุบัน
    ตอนนี้ ทั้งปี ปฏิทิน แรก ต้น ปลาย กลาง ครั้ง รอบ วัน เดือน ปี สัปดาห์ อาทิตย์ พรุ่งนี้ วันนี้ เมื่อวาน ตั้งแต่
    จนถึง ถึง แล้ว ยัง เลย อีก ทุก แต่ละ ละ บ้าง เอง ก็ จะ ได้ ให้ ไหม หรือ ช่วย ขอ ดู รู้ ทราบ อยาก บอก ถาม
    ตอบ สอบถาม ค่ะ คะ ครับ นะ จ้ะ จ้า ด้วย หน่อย กัน เรา เขา ท่าน คุณ ผม ดิฉัน หนู พวก เรื่อง อัน สิ่ง อย่าง
    แบบ ประมาณ ราว เกี่ยวกับ สำหรับ ของ ใน ที่ ซึ่ง และ กับ แต่ หรือ เพราะ ถ้า ว่า คือ เป็น มี ไม่ ใช่ จริง
    ต้อง ควร ทำ ไป มา ส่ง เอา ใช้ ใหม่ เก่า ล่ะ เหรอ หรอ ปฏิ ก่อนหน้า งั้น ถ้างั้น ส่วน ต่อ ใด ไหน กำกับ ท่านใด
    เมือง ดินแดน เกาะ อำเภอ ตลาด หาด ดอย ภาค สรุป สั้น สั้นๆ คร่าวๆ คร่าว ย่อ ละเอียด หน่อย ขอ เจ้า ค่ะ แยก
    แยกกลุ่ม ตาม รายชื่อ ระบุ ทั้งหมด รวม อาจารย์ ดร ท่าน คุณ นาย นาง นางสาว เดียวกัน เดียว ติด ชายแดน มาเลย์
    มาเลเซีย ใกล้ ไกล ขึ้นกับ ขึ้น ถือว่า ถือ นี่ ทำงาน สังกัด ความดูแล นอกจาก ยกเว้น นอกเหนือ เต็มๆ สัก ซัก
    ตัวอย่าง ยกตัวอย่าง อย่างว่า ครอบคลุม ครั้งนั้น ออนไลน์ ออนไซต์ ออน ไซต์""".split()
)
#: Intents whose handlers answer for the academic year a message names (handlers/knowledge.py `_asked_year`).
YEAR_READERS = frozenset({"deadline_next", "deadline_round", "deadline_year"})
_PLACE_FACTS = ("province:", "group:", "official:", "meeting2024.groups")
#: Intents that answer with a list, and the facts of the list's items: a question that retrieval pins to one item
#: of the list gets the item instead ("คณะกรรมการร่วมมือกับใครบ้าง" is duty 1, not the six duties). Questions about
#: one seat of a committee are the composer's (bot/knowledge/compose.py), not retrieval's.
_LIST_INTENTS = {"duties_all": ("duty:",), "mechanisms_all": ("mechanism:",)}
_DRIVER = ("meeting2021.driver",)  # "who drives the 11 mechanisms"
_WHO = re.compile(r"ใคร|หน่วยงานไหน|หน่วยงานใด|who")
#: Words every item of such a list shares; the item must be found by the other words of the question.
_GENERIC = frozenset(
    "หน้าที่ ภารกิจ บทบาท คณะกรรมการ กรรมการ กลไก ข้อ ทั้งหมด คณะ ประกอบด้วย องค์ประกอบ สพท สศศ ทำ ต้อง งาน "
    "รายละเอียด พื้นที่นวัตกรรม พื้นที่นวัตกรรมการศึกษา คน ทำหน้าที่ ฉัน ผม ใคร เป็นคน การบริหาร การบริหารจัดการ "
    "จัดการศึกษา การจัดการศึกษา แบบมีส่วนร่วม มีส่วนร่วม ส่วนร่วม ระดับพื้นที่ ระดับ พื้นที่ กระทรวง กระทรวงศึกษาธิการ "
    "บริหาร จัดการ การศึกษา ศึกษา จัด การ ส่วน ร่วม นวัตกรรม นวัตกรรมการศึกษา sandbox".split()
)
#: Which intent answers set which topic for follow-ups, and from which slot.
_INTENT_TOPICS: dict[str, tuple[str, str | None]] = {
    "oversight_province": ("province", "province"),
    "group_info": ("group", "group"),
    "duty_one": ("duty", "number"),
    "mechanism_one": ("mechanism", "number"),
    "deadline_round": ("round", "round"),
    "deadline_next": ("round", None),
    "composition_area": ("composition", None),
    "composition_special": ("composition", None),
    "composition_counts": ("members", None),
    "duties_all": ("duty", None),
    "mechanisms_all": ("mechanism", None),
}


#: Topics after which a short follow-up naming a word such as เลย or ตาก means the province.
_PLACE_TOPICS = frozenset({"province", "group", "not_listed", "same", "official", "region"})


def recall(ctx: Context) -> dict[str, Any] | None:
    """The remembered topic and slots, if recent enough to lean on."""
    memory = ctx.state.memory
    try:
        at = datetime.fromisoformat(str(memory.get("at")))
    except ValueError:
        return None
    return dict(memory) if ctx.now - at <= MEMORY_TTL else None


def remember(ctx: Context, topic: str, slots: dict[str, Any]) -> None:
    kept = {k: v for k, v in slots.items() if v is not None and k not in ("intent", "alternatives")}
    ctx.state.memory = {"topic": topic, **kept, "at": ctx.now.isoformat()}


def remember_intent(ctx: Context, intent: str, slots: dict[str, Any]) -> None:
    """After an intent handler answered: remember its topic (or forget, for anything that is not a fact)."""
    if intent not in _INTENT_TOPICS:
        if intent not in ("unknown", "thanks", "greeting", "help", "language"):
            ctx.state.memory = {}
        return
    topic, slot = _INTENT_TOPICS[intent]
    kept: dict[str, Any] = {}
    if topic in ("duty", "mechanism"):
        kept["series"] = topic
    if slot is not None and slots.get(slot) is not None:
        kept["number" if slot == "number" else slot] = slots[slot]
    if intent == "oversight_province" and slots.get("other_province"):
        topic = "not_listed"
    if intent.startswith("composition_") and intent != "composition_counts":
        kept["kind"] = "special" if intent.endswith("special") else "area"
    remember(ctx, topic, kept)


def read(text: str, ctx: Context) -> Mentions | None:
    knowledge = ctx.services.knowledge
    if knowledge is None:
        return None
    memory = recall(ctx) or {}
    mentions = knowledge.reader.read(text, place_topic=memory.get("topic") in _PLACE_TOPICS)
    if asks_who_said(mentions):  # "ใครพูดเรื่องการบูรณาการทรัพยากร": find the saying, then its speaker
        hit = knowledge.retriever.best(topic_of_saying(text), prefix=said_ids(knowledge.base))
        if hit is not None and hit.fact is not None and (names := speakers(knowledge.base, hit.fact.id)):
            mentions.described = hit.fact.id
            for name in names:
                person = knowledge.base.people[name]
                (mentions.officials if person.group is not None else mentions.people).append(name)
    if not (mentions.provinces or mentions.others or mentions.officials):
        fuzzy = ctx.services.recognizer.slots(text).get("province")
        if isinstance(fuzzy, str):  # a misspelt name: its pieces (เชียง|ไห|ม่) are not foreign words
            mentions.provinces.append(fuzzy)
            mentions.residue = ""
    return mentions


def plan(mentions: Mentions | None, ctx: Context) -> Plan | None:
    knowledge = ctx.services.knowledge
    if knowledge is None or mentions is None:
        return None
    return knowledge.composer.compose(mentions, recall(ctx))


def render(found: Plan, ctx: Context) -> list[Reply]:
    knowledge = ctx.services.knowledge
    assert knowledge is not None
    lines: list[str] = []
    facts: list[Fact] = []
    if found.topic == "report":
        lines.append(ctx.t("k.report.header"))
    for line in found.lines:
        cited = [knowledge.base.fact(f) for f in line.facts]
        facts += cited
        lines.append(_say(line, cited, ctx))
        if line.key == "k.fact" and cited and _squash(cited[0].quote) not in _squash(lines[-1]):
            lines.append(ctx.t("k.quote", quote=_short(cited[0].quote)))  # the document's own words
    if facts:
        lines.append(_sources(facts, ctx))
    remember(ctx, found.topic, found.slots)
    return [Reply(text="\n".join(lines))]


def retrieve(text: str, ctx: Context, intent: str, mentions: Mentions | None) -> list[Reply] | None:
    """Quoted facts or a passage with their source, when they clear the threshold; None otherwise. Several
    questions in one message ("ใครเป็นประธาน มีคนเข้าร่วมกี่คน") get one fact each."""
    knowledge = ctx.services.knowledge
    if knowledge is None:
        return None
    compact = mentions.compact if mentions is not None else text
    if _FUTURE.search(compact) or _NOW.search(compact):  # the documents tell what was in 2564 and 2567, not
        return None  # when the next meeting is or how things stand now or last year
    retriever = knowledge.retriever
    hits = _same_meeting(text, compact, ctx)
    if not hits and (intent == "unknown" or _DOCUMENT_CUES.search(compact)):
        hits = [h for h in (retriever.best(c) for c in _clauses(text)) if h]
        if len(hits) < 2:
            single = retriever.best(text)
            hits = [single] if single is not None else hits[:1]
            if single is not None and _WHICH_ONES.search(compact):  # "อยู่ข้อไหนบ้าง": every item that says it
                hits = retriever.alike(text, single)
    if not hits and intent in _LIST_INTENTS:
        drop = _GENERIC | {"ขับเคลื่อน"} if intent == "duties_all" else _GENERIC  # "กรรมการขับเคลื่อน" names them
        prefix = _LIST_INTENTS[intent] + (_DRIVER if intent == "mechanisms_all" and _WHO.search(compact) else ())
        found = retriever.best(text, drop=drop, prefix=prefix)
        hits = [found] if found is not None else []
    if mentions is not None and mentions.provinces:  # the documents tie provinces to their groups only
        hits = [h for h in hits if h.fact is not None and h.fact.id.startswith(_PLACE_FACTS)]
    unique = list({(h.fact.id if h.fact else h.passage.text): h for h in hits}.values())  # type: ignore[union-attr]
    return _quoted(unique, ctx) if unique else None


def with_verdict(replies: list[Reply], mentions: Mentions | None, ctx: Context) -> list[Reply]:
    """A yes/no question stating a count ("มีคนเข้าร่วม 700 คนใช่ไหม") answered by one short fact gets "ใช่"/"ไม่ใช่"
    first, when the fact states that count or exactly one other; longer answers (a committee's every seat) do not."""
    if mentions is None or not mentions.yesno or len(replies) != 1:
        return replies
    verdicts = (ctx.t("k.yes"), ctx.t("k.no"))
    quote, source = ctx.t("k.quote", quote="\0").split("\0")[0], ctx.t("k.source", sources="\0").split("\0")[0]
    body = [
        line for line in replies[0].text.splitlines()
        if line.strip() and not line.startswith((quote, source)) and line.strip() not in verdicts
    ]  # fmt: skip
    if len(body) > 2 or any(line.strip().startswith(verdicts) for line in replies[0].text.splitlines()):
        return replies  # long, or it says yes or no already ("ใช่ค่ะ จังหวัดสงขลาอยู่ในกลุ่มที่ 1 …")
    verdict = count_verdict(mentions.compact, "\n".join(body))
    if verdict is None and all_said(mentions, "".join("".join(body).split()).casefold()):
        verdict = True
    if verdict is None:
        return replies
    return [replace(replies[0], text=ctx.t("k.yes" if verdict else "k.no") + "\n" + replies[0].text)]


def _clauses(text: str) -> list[str]:
    """Each question of a message that asks several ("...ใครเป็นประธาน มีคนเข้าร่วมกี่คน"), with the first
    clause (which names the topic) as context; [] when it asks one thing."""
    parts = [p for p in re.split(r"\s+|(?<=\S)(?:และ|แล้วก็)(?=\S)", clean(text)) if p]
    clauses: list[str] = []
    for part in parts:
        if clauses and not any(pattern.search(clauses[-1]) for _, pattern in ASKS):
            clauses[-1] += " " + part
        else:
            clauses.append(part)
    asking = [c for c in clauses if any(pattern.search(c) for _, pattern in ASKS)]
    if len(asking) < 2:
        return []
    topic = asking[0]
    for _, pattern in ASKS:
        topic = pattern.sub(" ", topic)
    return [asking[0]] + [f"{topic} {c}" for c in asking[1:]]


#: "ที่อยู่กลุ่ม 1" is "which are in group 1", not the word for an address.
_WHICH_ARE_IN = re.compile(r"ที่อยู่(?=\s*(?:ใน|กลุ่ม|ภาค|จังหวัด|เขต|คณะ))")
_WHICH_ONES = re.compile(r"(?:ข้อ|กลไก|หน้าที่)(?:ที่)?(?:ไหน|ใด|อะไร)บ้าง|which(?:ones|กลไก|หน้าที่|items)")
_ASKING = re.compile(r"อะไร|ไหน|ไร$|ใด|ไหม|มั้ย|ยังไง|อย่างไร|กี่|เท่าไ|ใคร|เมื่อไ|ใช่|หรือเปล่า|รึเปล่า|\?")
#: English asks start with their question word: "…, and how many attended?" is a second one. The comma or first space
#: is read by a class and looked back at, so the regex engine skips to commas and spaces.
_ENGLISH_ASKS = re.compile(r"[,\s](?:(?<=,)\s+|(?<=\s)\s*)and\s+(?=(?:how|who|what|when|which|where|whom)\b)")
_THAI = re.compile(r"[ก-๛]")
#: Spaces, and แล้วก็, แล้ว, และ, ส่วน between two words. The first character is read by a class and looked back at
#: (with what must come before a joiner), so the regex engine skips to spaces, แ and ส.
_JOINERS = re.compile(r"[\sแส](?:(?<=\s)\s*|(?<=\Sแ)(?:ล้วก็|ล้ว|ละ)(?=\S)|(?<=\Sส)่วน(?=\S))")


def split_asks(text: str, ctx: Context) -> list[tuple[str, str]]:
    """The questions of a message that asks several, each with the place, person or committee the first one
    names (for a question that names none and is not understood alone: "ตราดกลุ่มไหน ใครดูแล" -> "ตราด
    ใครดูแล"); [] when it asks one."""
    knowledge = ctx.services.knowledge
    english = _ENGLISH_ASKS.split(clean(text))
    if len(english) >= 2 and not _THAI.search(text):  # "Who chaired it, and how many attended?"
        return [(part, "") for part in english if part.strip()]
    parts = [p for p in _JOINERS.split(clean(text)) if p]
    if len(parts) < 2 or knowledge is None:
        return []
    clauses: list[str] = []
    for part in parts:
        if clauses and not _ASKING.search(clauses[-1]):
            clauses[-1] += " " + part
        else:
            clauses.append(part)
    if clauses and not _ASKING.search(clauses[-1]) and len(clauses) > 1:
        last = clauses.pop()
        clauses[-1] += " " + last
    if len(clauses) < 2:
        return []
    first = knowledge.reader.read(clauses[0])
    kinds = {"area": "สพท.", "special": "สศศ."}
    context = " ".join([*first.provinces, *first.officials, *(f"กลุ่มที่ {g}" for g in first.groups),
                        *(kinds[k] for k in first.kinds)])  # fmt: skip
    asks = [(clauses[0], "")]
    for clause in clauses[1:]:
        named = knowledge.reader.read(clause)
        bare = not (named.provinces or named.officials or named.groups or named.kinds or named.others)
        asks.append((clause, f"{context} {clause}" if bare and context else ""))
    return asks


def _same_meeting(text: str, compact: str, ctx: Context) -> list[Hit]:
    """A follow-up after a fact about a meeting, naming no meeting or date ("ใครเป็นประธาน"): that meeting's facts."""
    memory = recall(ctx) or {}
    fact = str(memory.get("fact") or "")
    knowledge = ctx.services.knowledge
    if not fact.startswith("meeting") or re.search(r"\d|ประชุม|meeting", compact) or knowledge is None:
        return []
    found = knowledge.retriever.best(text, prefix=(fact.split(".")[0] + ".",))
    return [found] if found is not None else []


_WHICH_GROUP = re.compile(r"กลุ่ม(?:ที่)?(?:ไหน|ใด|อะไร|เท่าไ|เท่าไร)|(?:group|กลุ่ม)ไหน|whichgroup|กลุ่มไร")


def asks_which_group(mentions: Mentions | None) -> bool:
    """ "เมืองมรดกโลกสุโขทัยอยู่กลุ่มไหน", "ครูที่สงขลาค่ะ จังหวัดเราใครดูแล": asking which group (or who) of the one
    province named; words that describe the place or the asker do not make it another question."""
    if mentions is None or len(mentions.provinces) != 1:
        return False
    return _WHICH_GROUP.search(mentions.compact) is not None or OUR_PLACE.search(mentions.compact) is not None


def foreign_words(mentions: Mentions | None, ctx: Context, intent: str | None = None) -> list[str]:
    """Words of the question that neither the intents' examples nor the documents use (สอบ, ผู้ว่าราชการจังหวัด): an
    intent that ignores them would answer another question than the one asked. Whole words only (a piece of a
    misspelt word is no word at all), and everyday words of time and asking do not count, nor a word naming an
    academic year ("ปีหน้า") when `intent` answers for the year a message names."""
    knowledge = ctx.services.knowledge
    if knowledge is None or mentions is None:
        return []
    recognizer = ctx.services.recognizer
    lexicon = dictionary().words
    found = []
    for token in tokenize(_WHICH_ARE_IN.sub("ที่ อยู่", mentions.residue)):
        word = token.lower().strip(".,:;()“”\"'!?-–/ๆฯ")
        if (
            word in lexicon and word not in EVERYDAY and word not in STOP and not _LATIN.fullmatch(word)
            and ctx.reference.province(word) is None and not knowledge.retriever.knows(word)
            and not recognizer.knows(word)
            and not (intent in YEAR_READERS and named_year(word, ctx.today) is not None)
        ):  # fmt: skip
            found.append(word)
    return found


_CLAIM_SKIP = frozenset(
    "ใช่ จริง ไหม มั้ย มั๊ย ป่ะ ปะ ป่าว เปล่า หรือเปล่า รึเปล่า หรือไม่ also called named known as same does do it this "
    "that for in to by with use used ใช้ คน เป็นคน เป็น ด้วย ตอน".split()
)
_MONTH_WORD = re.compile(
    r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*$|^\d+$|^[ก-ฮ]\.?$|^[ก-ฮ]\.[ก-ฮ]{1,2}\.?$"
)
#: Offices written short, cut apart by the tokenizer (สพป. -> ส|พป.): each must be said as a whole.
_OFFICE = re.compile(r"สพ[ฐปมท]|สศศ|สบน|กพฐ|ศธ[จภ]|สป\.?ศธ|กพร|[ก-ฮ]{2,4}(?=\.)")


def all_said(mentions: Mentions, body: str) -> bool:
    """Every content word of a yes/no question (two at least) is in the answer ("eMENSCR เป็นระบบติดตามและ
    ประเมินผลแห่งชาติใช่มั้ย"): the answer states what was asked, so the answer is yes. Never a no: a word missing
    may be said otherwise."""
    if "ไม่" in body:
        return False
    words = [w.strip(".,:;()“”\"'!?-–/ๆฯ").casefold().removeprefix("เป็น") for w in tokenize(mentions.text)]
    content = [
        w for w in words
        if w and w not in STOP and w not in EVERYDAY and w not in _CLAIM_SKIP and not _MONTH_WORD.match(w)
        and not w.startswith(("ใช่", "จริง")) and "ไหน" not in w
    ]  # fmt: skip
    offices = _OFFICE.findall(mentions.compact)
    return len(content) >= 2 and all(w in body for w in content) and all(o in body for o in offices)


def _quoted(hits: list[Hit], ctx: Context) -> list[Reply]:
    t = ctx.t
    facts = [h.fact for h in hits if h.fact is not None]
    if facts:
        lines = []
        for fact in facts:
            lines.append(_fact_text(fact, ctx))
            if _squash(fact.quote) not in _squash(lines[-1]):
                lines.append(t("k.quote", quote=_short(fact.quote)))
        remember(ctx, "fact", {"fact": facts[-1].id})
        return [Reply(text="\n".join([*lines, _sources(facts, ctx)]))]
    hit = hits[0]
    assert hit.passage is not None
    knowledge = ctx.services.knowledge
    assert knowledge is not None
    label = knowledge.base.label(hit.passage.file, ctx.lang)
    remember(ctx, "passage", {})
    body = t("k.passage", quote=_short(hit.passage.text)) + "\n" + t("k.source", sources=label)
    return [Reply(text=body, choices=(intent_choice(t("choice.duties"), "duties_all"),))]


def _say(line: Line, cited: list[Fact], ctx: Context) -> str:
    params = dict(line.params)
    if cited:
        params.setdefault("fact", _fact_text(cited[0], ctx))
    if "role" in params:
        params["role_name"] = ctx.t(f"k.role.{params['role']}")
    if "kind" in params:
        params["kind_name"] = ctx.t(f"k.kind.{params['kind'] or 'both'}")
    if line.key == "k.fact":
        return str(params["fact"])
    return ctx.t(line.key, **params)


def _fact_text(fact: Fact, ctx: Context) -> str:
    return fact.text_en if ctx.lang == "en" and fact.text_en else fact.text_th


def _sources(facts: list[Fact], ctx: Context) -> str:
    knowledge = ctx.services.knowledge
    assert knowledge is not None
    labels = list(dict.fromkeys(knowledge.base.label(f.file, ctx.lang) for f in facts))
    return ctx.t("k.source", sources="; ".join(labels))


def _short(quote: str) -> str:
    return quote if len(quote) <= QUOTE_CHARS else quote[: quote.rfind(" ", 0, QUOTE_CHARS)] + " …"


def _squash(text: str) -> str:
    return "".join(text.split())
