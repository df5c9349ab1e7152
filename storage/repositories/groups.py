"""Which committee a group chat is bound to: one group per committee, one committee per group."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Committee


async def bound_committee(session: AsyncSession, platform: str, chat_id: str) -> Committee | None:
    return (
        await session.execute(
            select(Committee).where(Committee.group_chat_platform == platform, Committee.group_chat_id == chat_id)
        )
    ).scalar_one_or_none()


def bind(committee: Committee, platform: str, chat_id: str) -> None:
    committee.group_chat_platform, committee.group_chat_id = platform, chat_id


def unbind(committee: Committee) -> None:
    committee.group_chat_platform, committee.group_chat_id = None, None
