"""What a handler may ask of a platform without talking to it: is this user a group admin, fetch a sent file.

The composition root fills these in from the connected adapters; handlers see only the functions.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

GroupAdminCheck = Callable[[str, str], Awaitable[bool]]  # (chat id, user id) -> is an administrator
Download = Callable[[str], Awaitable[bytes]]  # platform file id -> the file's bytes


class DownloadUnavailable(Exception):
    """The platform is not connected, or it would not give the file."""


@dataclass(slots=True)
class PlatformPorts:
    group_admin: dict[str, GroupAdminCheck] = field(default_factory=dict)
    downloads: dict[str, Download] = field(default_factory=dict)

    async def is_group_admin(self, platform: str, chat_id: str, user_id: str) -> bool:
        """Telegram groups have administrators (getChatMember); LINE groups do not, so there the committee's own
        admin list decides alone. A platform without a check registered answers True for the same reason."""
        check = self.group_admin.get(platform)
        return True if check is None else await check(chat_id, user_id)

    async def download(self, platform: str, file_id: str) -> bytes:
        fetch = self.downloads.get(platform)
        if fetch is None:
            raise DownloadUnavailable(platform)
        try:
            return await fetch(file_id)
        except DownloadUnavailable:
            raise
        except Exception as exc:  # the SDKs raise their own errors; the handler answers politely either way
            raise DownloadUnavailable(platform) from exc
