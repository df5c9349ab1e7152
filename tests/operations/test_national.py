"""The synthetic national dataset and the newest-update-per-school query that must stay flat in its size."""

from __future__ import annotations

from sqlalchemy import func, select

from bench.national import generate, sample_people
from storage.models import CheckIn, PilotSchool, ProgressUpdate, UpdateAttachment
from storage.repositories.status import area_last_sent, as_utc, schools_latest


async def test_a_small_national_dataset_has_the_promised_shape_and_newest_updates_are_right(app):
    data = await generate(app.settings.database_url, scale=0.002)
    assert data.counts["pilot_schools"] == 60
    async with app.sessions() as session:
        count = lambda model: session.scalar(select(func.count()).select_from(model))  # noqa: E731
        assert await count(PilotSchool) >= 60
        assert await count(ProgressUpdate) == 2000
        assert await count(UpdateAttachment) == 400
        assert await count(CheckIn) == 160

        items = await schools_latest(session, list(data.school_ids))
        assert [i.school.id for i in items] == sorted(data.school_ids, key=lambda s: f"9{s:09d}")
        newest = {item.school.id: item.latest for item in items}
        for school_id in data.school_ids:
            expected = (
                await session.execute(
                    select(ProgressUpdate.id)
                    .where(ProgressUpdate.school_id == school_id)
                    .order_by(ProgressUpdate.created_at.desc(), ProgressUpdate.id.desc())
                    .limit(1)
                )
            ).scalar()
            got = newest[school_id]
            assert (got.id if got is not None else None) == expected
    people = sample_people(data, 5)
    assert all(p in data.director_ids for p in people["directors"])


async def test_each_area_school_carries_the_time_of_its_newest_update(app):
    data = await generate(app.settings.database_url, scale=0.002)
    async with app.sessions() as session:
        newest = dict(
            (
                await session.execute(
                    select(ProgressUpdate.school_id, func.max(ProgressUpdate.created_at)).group_by(
                        ProgressUpdate.school_id
                    )
                )
            ).all()
        )
        for office in data.area_office_ids[:5]:
            schools = await area_last_sent(session, office)
            expected = (
                await session.execute(
                    select(PilotSchool.id).where(PilotSchool.area_office_id == office).order_by(PilotSchool.code)
                )
            ).scalars()
            assert [s.id for s in schools] == list(expected)
            for school in schools:
                want = newest.get(school.id)
                assert (as_utc(school.last_sent) if school.last_sent else None) == (as_utc(want) if want else None)
