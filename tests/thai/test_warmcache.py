"""The warm-start cache of the text pipeline (bot/thai/warmcache.py): a warm start cuts every text exactly as a cold
one; a changed input or a damaged file is never trusted, and the file is rebuilt; nothing outside start-up is kept."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.thai import text, warmcache
from storage.reference.data import reference

TEXTS = [
    "กำหนดส่งรายงานครั้งที่ 2 เมื่อไหร่คะ",
    "ผู้ทรงคุณวุฒิในคณะกรรมการขับเคลื่อนพื้นที่นวัตกรรมการศึกษามีหน้าที่อะไรบ้างครับบบ",
    "โรงเรียนนำร่องในจังหวัดยะลาส่งความคืบหน้าหรือยัง 555",
    *[duty.title_th for duty in reference().duties],
]


def _cut(texts: list[str]) -> list[list[str]]:
    return [text.tokenize(text.clean(t)) for t in texts]


@pytest.fixture(autouse=True)
def _inactive() -> Iterator[None]:
    yield
    warmcache.active = None


def _start(path: Path) -> warmcache.Session:
    session = warmcache.Session(path)
    session.start()
    return session


def test_a_warm_start_cuts_every_text_as_a_cold_one_and_computes_nothing(tmp_path):
    path = tmp_path / warmcache.FILE_NAME
    cold = _cut(TEXTS)  # no cache at all
    first = _start(path)
    assert not first.loaded and _cut(TEXTS) == cold
    first.stop()
    assert first.save() and path.exists()

    second = _start(path)
    assert second.loaded
    assert _cut(TEXTS) == cold
    assert second.memo is not None and second.memo.added == 0, "every text came from the file"
    second.stop()
    assert not second.save(), "nothing new: the file is left as it is"


def test_nothing_is_recorded_once_start_up_is_over(tmp_path):
    path = tmp_path / warmcache.FILE_NAME
    session = _start(path)
    _cut(TEXTS)
    session.stop()
    _cut(["ขอเบอร์โทรของนายสมชาย ใจดี 0812345678"])  # a message after ready
    session.save()
    assert "สมชาย" not in path.read_text(encoding="utf-8")


def test_a_changed_input_invalidates_the_file(tmp_path, monkeypatch):
    path = tmp_path / warmcache.FILE_NAME
    session = _start(path)
    _cut(TEXTS)
    session.stop()
    session.save()
    old_key = session.key

    monkeypatch.setattr(text, "extra_words", lambda: frozenset({"คำใหม่ในทำเนียบ"}))  # the reference data changed
    changed = _start(path)
    assert changed.key != old_key and not changed.loaded, "another dictionary: the old cuts are not used"
    _cut(TEXTS)
    changed.stop()
    assert changed.save() and json.loads(path.read_text(encoding="utf-8").split("\n", 1)[0])["key"] == changed.key


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],  # cut off mid-write
        lambda raw: "not json at all\n{",
        lambda raw: raw.replace('"tokens":{', '"tokens":{"กำหนดส่ง":["ผิด"],', 1),  # edited: the checksum no longer fits
        lambda raw: "",
    ],
    ids=["truncated", "garbage", "edited", "empty"],
)
def test_a_damaged_file_is_rebuilt_not_trusted(tmp_path, damage):
    path = tmp_path / warmcache.FILE_NAME
    cold = _cut(TEXTS)
    session = _start(path)
    _cut(TEXTS)
    session.stop()
    session.save()
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")

    again = _start(path)
    assert not again.loaded
    assert _cut(TEXTS) == cold and text.tokenize("กำหนดส่ง") != ["ผิด"]
    again.stop()
    assert again.save()
    assert _start(path).loaded, "rewritten whole"


def test_a_file_of_the_wrong_shape_with_a_valid_checksum_is_not_trusted(tmp_path):
    path = tmp_path / warmcache.FILE_NAME
    key = warmcache.inputs_key()
    body = json.dumps({"cleaned": ["a"], "tokens": {"x": "not a list"}})
    header = json.dumps({"key": key, "sha256": warmcache._checksum(body)})
    path.write_text(f"{header}\n{body}", encoding="utf-8")
    assert warmcache.read(path, key) is None


def test_the_file_sits_beside_the_sqlite_database_or_in_the_cache_directory(tmp_path, monkeypatch):
    assert warmcache.cache_path(f"sqlite+aiosqlite:///{tmp_path}/bot.db") == tmp_path / warmcache.FILE_NAME
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    expected = tmp_path / "cache" / "sandboxbot" / warmcache.FILE_NAME
    assert warmcache.cache_path("postgresql+asyncpg://u@h/db") == expected
    assert warmcache.cache_path("sqlite+aiosqlite:///:memory:") == expected
