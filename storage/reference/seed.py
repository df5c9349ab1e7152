"""Loads the reference data into the store, idempotently: running it twice changes nothing."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Duty, Mechanism, Official, OversightGroup, Province
from storage.reference.data import ReferenceData
from storage.upsert import upsert


async def seed_reference(session: AsyncSession, data: ReferenceData) -> None:
    for group in data.groups:
        await upsert(
            session,
            OversightGroup,
            ("number",),
            number=group.number,
            name_th=group.name_th,
            name_en=group.name_en,
        )
    group_ids = dict((await session.execute(select(OversightGroup.number, OversightGroup.id))).all())
    for group in data.groups:
        for position, official in enumerate(group.officials):
            await upsert(
                session,
                Official,
                ("group_id", "name"),
                group_id=group_ids[group.number],
                name=official.name,
                position=position,
                title_th=official.title_th,
                title_en=official.title_en,
            )
    for province in data.provinces:
        await upsert(
            session,
            Province,
            ("name_th",),
            name_th=province.name_th,
            name_en=province.name_en,
            aliases=list(province.aliases),
            group_id=group_ids[province.group],
        )
    for duty in data.duties:
        await upsert(
            session,
            Duty,
            ("number",),
            number=duty.number,
            title_th=duty.title_th,
            title_en=duty.title_en,
            text_th=duty.text_th,
            text_en=duty.text_en,
        )
    for mechanism in data.mechanisms:
        await upsert(
            session,
            Mechanism,
            ("number",),
            number=mechanism.number,
            text_th=mechanism.text_th,
            short_th=mechanism.short_th,
            short_en=mechanism.short_en,
        )
