"""Loads the reference data into the store, idempotently: running it twice changes nothing.

It runs at every start, so each table is one statement for all its rows (six statements, not 130).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Duty, Mechanism, Official, OversightGroup, Province
from storage.reference.data import ReferenceData
from storage.upsert import upsert_many


async def seed_reference(session: AsyncSession, data: ReferenceData) -> None:
    groups = [{"number": g.number, "name_th": g.name_th, "name_en": g.name_en} for g in data.groups]
    await upsert_many(session, OversightGroup, ("number",), groups)
    group_ids = dict((await session.execute(select(OversightGroup.number, OversightGroup.id))).all())
    officials = [
        {
            "group_id": group_ids[group.number],
            "name": official.name,
            "position": position,
            "title_th": official.title_th,
            "title_en": official.title_en,
        }
        for group in data.groups
        for position, official in enumerate(group.officials)
    ]
    await upsert_many(session, Official, ("group_id", "name"), officials)
    provinces = [
        {
            "name_th": p.name_th,
            "name_en": p.name_en,
            "aliases": list(p.aliases),
            "group_id": group_ids[p.group],
        }
        for p in data.provinces
    ]
    await upsert_many(session, Province, ("name_th",), provinces)
    duties = [
        {"number": d.number, "title_th": d.title_th, "title_en": d.title_en, "text_th": d.text_th, "text_en": d.text_en}
        for d in data.duties
    ]
    await upsert_many(session, Duty, ("number",), duties)
    mechanisms = [
        {"number": m.number, "text_th": m.text_th, "short_th": m.short_th, "short_en": m.short_en}
        for m in data.mechanisms
    ]
    await upsert_many(session, Mechanism, ("number",), mechanisms)
