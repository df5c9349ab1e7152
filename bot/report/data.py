"""What the semester report holds, read once from the store and shared by the DOCX and the XLSX."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.cockpit.queries import DUTIES, MemberRound, SchoolRound, committee_members_round, committee_schools_round
from bot.cockpit.rounds import Window
from bot.thai.dates import format_thai_date
from storage.models import AreaOffice, Committee, Province
from storage.reference.data import ReferenceData

CHECKIN_LABELS = {"done": "เสร็จแล้ว", "in_progress": "กำลังดำเนินการ", "not_started": "ยังไม่เริ่ม", "blocked": "ติดปัญหา"}
SCHOOL_LABELS = {"on_track": "ตามแผน", "at_risk": "มีความเสี่ยง", "delayed": "ล่าช้า"}
ROLE_LABELS = {
    "chair": "ประธานกรรมการ",
    "vice_chair": "รองประธานกรรมการ",
    "expert": "กรรมการผู้ทรงคุณวุฒิ",
    "school_rep": "กรรมการผู้แทนผู้บริหารสถานศึกษานำร่อง",
    "secretary": "กรรมการและเลขานุการ",
}
REPORTED_DUTIES = (1, 2, 3)  # duty 4: report on duties 1-3 to OBEC at least once a semester


@dataclass(frozen=True, slots=True)
class ReportData:
    committee_code: str
    committee_name: str
    office_name: str
    province_name: str
    window: Window
    duties: tuple[tuple[int, str], ...]
    members: list[MemberRound]
    schools: list[SchoolRound]
    chair: str | None
    generated: datetime
    tz: ZoneInfo

    @property
    def round_title(self) -> str:
        return f"ครั้งที่ {self.window.due.round} ปีการศึกษา {self.window.due.academic_year}"

    @property
    def period_text(self) -> str:
        return f"{format_thai_date(self.window.starts)} ถึง {format_thai_date(self.window.due.due)}"

    def when(self, moment: datetime | None) -> str:
        """A stored UTC time as a Thai date with the Buddhist Era and the Bangkok time."""
        if moment is None:
            return "-"
        local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(self.tz)
        return f"{format_thai_date(local.date(), 'short4')} {local:%H:%M} น."

    def duty_counts(self, duty: int) -> dict[str, int]:
        """How many members are at each status on a duty; "none" for those who never checked in on it."""
        counts = dict.fromkeys((*CHECKIN_LABELS, "none"), 0)
        for m in self.members:
            entry = m.checkins.get(duty)
            counts[entry[0] if entry else "none"] += 1
        return counts

    def role_text(self, member: MemberRound) -> str:
        return ", ".join(ROLE_LABELS.get(r, r) for r in member.roles)

    def reporters(self) -> list[tuple[str, str, str]]:
        """Who reported what, when: (name, what, latest time), members by their check-ins, directors by updates."""
        rows = []
        for m in self.members:
            if m.checkins:
                latest = max(at for _, _, at in m.checkins.values())
                duties = ", ".join(str(d) for d in sorted(m.checkins))
                rows.append((m.full_name, f"เช็คอินหน้าที่ข้อ {duties}", self.when(latest)))
        for s in self.schools:
            if s.latest is not None:
                rows.append(
                    (
                        s.director or "-",
                        f"ความก้าวหน้า {s.name} ({s.updates_in_round} ครั้ง)",
                        self.when(s.latest.created_at),
                    )
                )
        return rows


async def collect(
    session: AsyncSession, reference: ReferenceData, committee_id: int, window: Window, now: datetime, tz: ZoneInfo
) -> ReportData:
    committee = await session.get(Committee, committee_id)
    if committee is None:
        raise LookupError(f"committee {committee_id} not found")
    office = await session.get(AreaOffice, committee.area_office_id) if committee.area_office_id else None
    province = await session.get(Province, office.province_id) if office and office.province_id else None
    members = await committee_members_round(session, committee_id, window)
    schools = await committee_schools_round(session, committee.area_office_id, window)
    chair = next((m.full_name for m in members if "chair" in m.roles and not m.vacated), None)
    duties = tuple((d.number, d.title_th) for d in reference.duties if d.number in DUTIES)
    return ReportData(
        committee_code=committee.code,
        committee_name=committee.name,
        office_name=office.name if office else "",
        province_name=province.name_th if province else "",
        window=window,
        duties=duties,
        members=members,
        schools=schools,
        chair=chair,
        generated=now,
        tz=tz,
    )
