"""Questions about people and the posts that hold a committee seat, answered from the fact base.

People: what someone said at a meeting ("คุณภูธรให้แนวทางเรื่องอะไร"), their title or rank ("ว่าที่ร.ต.ธนุ
ตำแหน่งอะไร"), whether two names are one person, who shares an official's group, whether someone took part in a
meeting, and who said something ("ใครพูดเรื่องการบูรณาการทรัพยากร"). Posts: which seat a post holds in which
committee ("ผอ.กลุ่มนิเทศ เป็นอะไรใน คกก.สพท."), with a yes/no when a seat or a committee is asked about
("ผอ.สบน. เป็นรองประธาน คกก.สพท. ด้วยใช่มั้ย" → ไม่ใช่ … สศศ.).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.knowledge.facts import FactBase
from bot.knowledge.meetings import named_meetings
from bot.knowledge.mentions import Mentions
from bot.knowledge.plans import Line, Plan

_SAID = re.compile(
    r"พูด|กล่าว|ชี้แนะ|เน้นย้ำ|ย้ำ|แนวทาง|บอก|มองว่า|ให้ความเห็น|เรื่องอะไร|เรื่องไหน|ว่าอะไร|ว่าไง|ว่ายังไง|said|say|talk|"
    r"stress|เน้น|เชื่อมั่น|เชื่อว่า|มอบนโยบาย|นโยบาย|ให้สัมภาษณ์|บทบาทในที่ประชุม|ในที่ประชุม"
)
_TITLE = re.compile(r"ตำแหน่ง|เป็นใคร|คือใคร|ใครคือ|ยศ|ชื่อเต็ม|whois|who's|title|position|rank|ทำงานที่ไหน|เป็นอะไร")
_OVERSEE = re.compile(r"ดูแล|รับผิดชอบ|จังหวัด|กลุ่มไหน|กลุ่มที่|กลุ่มอะไร|province|oversee")
_STRESSED = re.compile(r"เน้น|เชื่อมั่น|เชื่อว่า|stress")
_SAME_PERSON = re.compile(r"คนเดียวกัน|คนละคน|เป็นคนเดียว|sameperson")
_PARTNER = re.compile(r"เดียวกับ|คู่|อีกคน|อีกท่าน|ร่วมกับ|คนไหนอีก|ใครอีก")
_TOOK_PART = re.compile(r"เกี่ยว|ร่วม|อยู่ใน|เข้า|มีส่วน")
_WHO = re.compile(r"ใคร|ท่านไหน|ท่านใด|คนไหน|who")
_WITHOUT_NAMES = re.compile(r"สุภัทร|จำปาทอง|ธนู|ขวัญเดช|สมใจ|ธนุ|วงษ์จินดา|เพิ่มพูน")  # names are cues of a meeting
_ROLE_ASK = re.compile(r"เป็นอะไร|ตำแหน่ง|อยู่ใน|ด้วย|บทบาท|หน้าที่อะไร|ดูแลกลุ่ม|ดูแลงาน|กลุ่มงาน|role|seat")


@dataclass(frozen=True, slots=True)
class Post:
    """A post as people type it, and the seat it holds."""

    pattern: re.Pattern[str]
    kind: str
    role: str
    label: str


#: Posts that hold a seat, longest forms first; a post's full title is the seat's title in the reference data.
POSTS = (
    Post(re.compile(r"รองผอ\.?สพท|รองผู้อำนวยการสำนักงานเขตพื้นที่|รองผอ\.?เขต"), "area", "vice_chair", "รอง ผอ. สพท."),
    Post(re.compile(r"รองผอ\.?สศศ|รองผู้อำนวยการสำนักบริหารงานการศึกษาพิเศษ"), "special", "vice_chair", "รอง ผอ. สศศ."),
    Post(re.compile(r"ผอ\.?สบน|ผู้อำนวยการสำนักงานบริหารพื้นที่นวัตกรรม"), "special", "vice_chair", "ผอ. สบน."),
    Post(re.compile(r"ผอ\.?กลุ่มนิเทศ|ผู้อำนวยการกลุ่มนิเทศ"), "area", "secretary", "ผอ. กลุ่มนิเทศ ติดตาม และประเมินผลฯ"),
    Post(re.compile(r"ผอ\.?กลุ่มพัฒนาระบบ|ผู้อำนวยการกลุ่มพัฒนาระบบ|กลุ่ม\S*คนพิการ"), "special", "secretary",
         "ผอ. กลุ่มพัฒนาระบบบริหารการจัดการศึกษาสำหรับคนพิการและผู้ด้อยโอกาส"),
    Post(re.compile(r"ผอ(?<!รองผอ)\.?สพท|ผู้อำนวยการ(?<!รองผู้อำนวยการ)สำนักงานเขตพื้นที่|ผอ(?<!รองผอ)\.?เขต"), "area", "chair",
         "ผอ. สพท."),
    Post(re.compile(r"ผอ(?<!รองผอ)\.?สศศ|ผู้อำนวยการ(?<!รองผู้อำนวยการ)สำนักบริหารงานการศึกษาพิเศษ"), "special", "chair",
         "ผอ. สศศ."),
)  # fmt: skip
#: Any of the posts, in one search (most messages name none). Each is one alternation starting with a letter (รอง is
#: looked back for after ผอ): the engine skips to the alternatives' first letters.
_ANY_POST = re.compile("|".join(post.pattern.pattern for post in POSTS))
#: Posts that hold no seat but are asked about as if they did.
_NOT_SEATS = (
    (re.compile(r"ศึกษาธิการจังหวัด|ศธจ"), "term.sthj"),
    (re.compile(r"ศึกษาธิการภาค|ศธภ"), "term.sthp"),
)


#: Posts the documents fill with a named person: (pattern, names). Read as the person when the question is about
#: a person (who, name, title, what they said, what they oversee), not when it is about the post's seat.
TITLES: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"ผู้ช่วยเลขาธิการ\.?(?:กพฐ|สพฐ)|ผู้ช่วยเลขาฯ?\.?(?:กพฐ|สพฐ)"),
     ("นายสุรินทร์ มั่นประสงค์", "นายภูธร จันทะหงษ์ ปุณยจรัสธำรง")),
    (re.compile(r"(?<!ผู้ช่วย)เลขา(?:ธิการ|ฯ)?\.?(?:กพฐ|สพฐ)"), ("ว่าที่ร้อยตรี ธนุ วงษ์จินดา",)),
    (re.compile(r"ผู้เชี่ยวชาญ\.?(?:สพฐ|กพฐ)"), ("นายสุวิทย์ บึงบัว",)),
    (re.compile(r"(?<!รอง)ผอ\.?สบน|(?<!รอง)ผู้อำนวยการสำนักงานบริหารพื้นที่นวัตกรรม"), ("นายพิทักษ์ โสตถยาคม",)),
    (re.compile(r"รองปลัด(?:กระทรวง)?(?:ศึกษาธิการ|ศธ)|รองปลัด(?!กระทรวง)"), ("นายธนู ขวัญเดช",)),
    (re.compile(r"ผู้ช่วยปลัด(?:กระทรวง)?(?:ศึกษาธิการ|ศธ)|ผู้ช่วยปลัด(?!กระทรวง)"), ("นายสมใจ วิเศษทักษิณ",)),
    (re.compile(r"(?<!รอง)(?<!ผู้ช่วย)ปลัด(?:กระทรวง)?(?:ศึกษาธิการ|ศธ)"), ("นายสุภัทร จำปาทอง",)),
    (re.compile(r"รมว\.?(?:ศธ|ศึกษา)|(?<!นายก)รัฐมนตรี\S{0,12}ศึกษา"), ("พล.ต.อ. เพิ่มพูน ชิดชอบ",)),
)  # fmt: skip
_ABOUT_PERSON = re.compile(
    r"ใคร|ชื่อ|ตำแหน่ง|ยศ|rank|title|position|say|said|stress|ดูแล|รับผิดชอบ|กลุ่มไหน|กลุ่มอะไร|พูด|กล่าว|บอก|มอง|ย้ำ|ชี้แนะ|แนวทาง|who|name"
)


def resolve_titles(m: Mentions, base: FactBase) -> None:
    """Read a post the documents fill with a named person as that person ("ผอ.สบน. บอกว่า…" is นายพิทักษ์), and
    keep, of the two assistant secretaries-general, the one of a named group."""
    if m.officials or m.people or m.kinds or m.roles or not _ABOUT_PERSON.search(m.compact):
        return
    for pattern, names in TITLES:
        if pattern.search(m.compact):
            people = [base.people[n] for n in names]
            if m.groups:
                people = [p for p in people if p.group is None or p.group in m.groups] or people
            for person in people:
                (m.officials if person.group is not None else m.people).append(person.name)
            m.titled = True
            return


#: Posts a person may be said to hold, longest first (ผู้ช่วยเลขาธิการ is not เลขาธิการ); รมว is รัฐมนตรี.
_POST_WORD = re.compile(
    r"ผู้ช่วยเลขาธิการ|รองเลขาธิการ|เลขาธิการ|ผู้ช่วยปลัด|รองปลัด|ปลัด|ผู้เชี่ยวชาญ|รัฐมนตรี|รมว|ผอ\.?สบน|ผู้อำนวยการ|ประธาน"
)


def posts_in(text: str) -> set[str]:
    return {p.replace(".", "").replace("รมว", "รัฐมนตรี") for p in _POST_WORD.findall("".join(text.split()))}


def claimed_post(compact: str) -> str | None:
    """The one post a yes/no question says someone holds ("…เป็นผู้ช่วยเลขาธิการ กพฐ. ใช่ไหม"), or None."""
    posts = posts_in(compact)
    return posts.pop() if len(posts) == 1 else None


def person_plan(m: Mentions, base: FactBase) -> Plan | None:
    """A question about one or two named people, or who said something; None when it is not one."""
    c = m.compact
    names = [*m.officials, *m.people]
    if not names:
        if _WHO.search(c) and _SAID.search(c) and not m.provinces:
            return None  # "who said ..." is retrieval over what people said: see `said_ids`
        return None
    people = [base.people[n] for n in names if n in base.people]
    if not people:
        return None
    if len(people) >= 2 and _SAME_PERSON.search(c):
        lines = [Line("k.person.title", {"name": p.name, "title": p.title_th}, p.facts[:1]) for p in people]
        return Plan([Line("k.person.different"), *lines], topic="person", slots={"person": people[-1].name})
    if len(people) == 1 and m.yesno and (claimed := claimed_post("".join(m.residue.split()))):
        person = people[0]  # "ธนุ วงษ์จินดา เป็นเลขาธิการ กพฐ. ใช่ไหม": the post said, checked against their title
        fact = f"official:{person.name}" if person.group is not None else person.facts[0]
        named = {n for n in named_meetings(_WITHOUT_NAMES.sub("", c)) if n.startswith("meeting")}
        theirs = {f.split(".")[0] for f in person.facts}  # "ประชุมปี 67 สุภัทรเป็นประธานไหม": not that meeting
        held = claimed in posts_in(person.title_th) and not (named and theirs and not named & theirs)
        verdict = "k.yes" if held else "k.no"
        title = Line("k.person.title", {"name": person.name, "title": person.title_th}, (fact,))
        return Plan([Line(verdict), title], topic="person", slots={"person": person.name}, checked=True)
    stressed = _STRESSED.search(c) is not None  # "ตามที่สุวิทย์เน้น ... ร่วมกับใคร" asks what he stressed
    if len(people) == 1 and people[0].group is not None and _PARTNER.search(c) and not m.provinces and not stressed:
        person = people[0]
        group = base.reference.group(person.group)  # type: ignore[arg-type]
        assert group is not None
        partner = " และ".join(o.name for o in group.officials if o.name != person.name)
        line = Line("k.person.partner", {"name": person.name, "group": group.number, "partner": partner},
                    (f"official:{person.name}",))  # fmt: skip
        return Plan([line], topic="official", slots={"official": person.name})
    if m.meeting and m.yesno and _TOOK_PART.search(c):  # "สุภัทร เกี่ยวกับประชุม 26 ส.ค. 67 มั้ย"
        lines = [Line("k.fact", facts=(f,)) for p in people for f in p.facts[:1]]
        theirs = {f.split(".")[0] for line in lines for f in line.facts}
        named = [n for n in named_meetings(_WITHOUT_NAMES.sub("", c)) if n.startswith("meeting")]
        head = "k.person.not_in_meeting" if named and not theirs & set(named) else "k.person.meetings"
        return Plan([Line(head), *lines], topic="fact", slots={"fact": lines[-1].facts[0]})
    if _SAID.search(c) and not (_OVERSEE.search(c) and not m.meeting):
        said = [f for p in people for f in (p.said or p.facts[:1])]
        if said:
            return Plan([Line("k.fact", facts=(f,)) for f in dict.fromkeys(said)], topic="fact",
                        slots={"fact": said[-1]})  # fmt: skip
    if m.people:  # someone who oversees no group: their title tells what they did
        lines = [Line("k.person.title", {"name": p.name, "title": p.title_th}, p.facts[:1]) for p in people]
        if _OVERSEE.search(c) and not m.officials:
            lines.append(Line("k.person.no_group"))
        return Plan(lines, topic="person", slots={"person": people[-1].name})
    if m.titled and _TITLE.search(c) and not _OVERSEE.search(c):
        lines = [Line("k.person.title", {"name": p.name, "title": p.title_th}, (f"official:{p.name}",)) for p in people]
        return Plan(lines, topic="official", slots={"official": people[-1].name})
    return None


_SPEAKER = re.compile(r"ใคร(?:เป็นคน|เป็นผู้)?|คนที่|ผู้ที่|ท่านไหน(?:ที่)?|ท่านใด(?:ที่)?|who")


def topic_of_saying(text: str) -> str:
    """What was said, without the asking and the verb of saying ("ใครพูดเรื่องการบูรณาการ" -> "การบูรณาการ")."""
    return _SAID.sub(" ", _SPEAKER.sub(" ", text))


def speakers(base: FactBase, fact_id: str) -> list[str]:
    return [p.name for p in base.people.values() if fact_id in p.said]


def said_ids(base: FactBase) -> tuple[str, ...]:
    """The facts that tell what someone said or did at a meeting (for "ใครพูดเรื่อง…")."""
    return tuple(dict.fromkeys(f for p in base.people.values() for f in p.said))


def asks_who_said(m: Mentions) -> bool:
    """ "ใครพูดเรื่อง…", "คนที่พูดเรื่อง… ดูแลภูเก็ตมั้ย": someone named by what they said."""
    c = m.compact
    return not (m.officials or m.people) and bool(_SPEAKER.search(c) and _SAID.search(c))


def post_plan(m: Mentions, base: FactBase, follow: bool = False) -> Plan | None:
    """Which seat a post holds, with yes/no when a seat or committee is named; None when no post is named."""
    c = m.compact
    for pattern, fact_id in _NOT_SEATS:
        if m.roles and pattern.search(c) and (m.yesno or _ROLE_ASK.search(c)):
            kinds = m.kinds or ["area", "special"]
            lines = [Line("k.post.no_seat", facts=(fact_id,))]
            lines += [_seat_line(base, kind, role) for kind in kinds for role in m.roles]
            return Plan(lines, topic="seat_who", slots={"kind": m.kind, "roles": m.roles})
    if m.titled or not _ANY_POST.search(c):
        return None  # the post was read as its holder (a question about the person), or no post is named
    posts: list[Post] = []
    rest = c
    for post in POSTS:
        if post.pattern.search(rest):
            posts.append(post)
            rest = post.pattern.sub("|", rest)
    if not posts:
        return None
    post = posts[0]
    asked_roles = [r for r in _roles_in(rest, m) if r != post.role or len(posts) == 1]
    if not (asked_roles or m.yesno or _ROLE_ASK.search(c) or follow):
        return None
    lines: list[Line] = []
    if m.yesno or asked_roles:
        kinds = [k for k in m.kinds if k] or [post.kind]
        roles = asked_roles or [post.role]
        yes = post.kind in kinds and post.role in roles
        lines.append(Line("k.yes" if yes else "k.no"))
    lines.append(_seat_line(base, post.kind, post.role, post.label))
    return Plan(lines, topic="seat_who", slots={"kind": post.kind, "roles": [post.role]})


def _roles_in(rest: str, m: Mentions) -> list[str]:
    from bot.knowledge.mentions import ROLE_WORDS

    found: list[str] = []
    for word, role in ROLE_WORDS:
        if word in rest and role not in found:
            rest = rest.replace(word, "|")
            found.append(role)
    return [r for r in found if r in m.roles]


def _seat_line(base: FactBase, kind: str, role: str, label: str = "") -> Line:
    seat = next(s for s in base.reference.committee_kind(kind).seats if s.role == role)
    return Line("k.post.seat", {"post": label or seat.title_th, "title": seat.title_th, "role": role, "kind": kind},
                (f"seat:{kind}:{role}",))  # fmt: skip
