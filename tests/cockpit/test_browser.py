"""The cockpit in a real headless browser (Debian's chromium through selenium): sign in by link, drill down
group → province → committee → school, filter, and see the charts drawn. Screenshots land in tmp_path (and in
$SANDBOXBOT_SCREENSHOTS when set, which is how docs/cockpit-committee.png was made)."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web

from bot.app import App
from tests.cockpit.conftest import World, login_token

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
try:
    import selenium  # noqa: F401

    HAVE_SELENIUM = True
except ImportError:
    HAVE_SELENIUM = False

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER and HAVE_SELENIUM),
    reason="needs Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver) and selenium",
)


@pytest.fixture
async def site(app: App) -> AsyncIterator[str]:
    runner = web.AppRunner(app.web_app())
    await runner.setup()
    tcp = web.TCPSite(runner, "127.0.0.1", 0)
    await tcp.start()
    port = runner.addresses[0][1]
    yield f"http://127.0.0.1:{port}"
    await runner.cleanup()


def _browser(width: int, height: int, phone: bool = False):
    from selenium import webdriver
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    if phone:  # a real phone's viewport (headless windows are never narrower than 500 px)
        metrics = {"width": width, "height": height, "pixelRatio": 2}
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": metrics})
    options.binary_location = CHROMIUM or ""
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--lang=th-TH",
        f"--window-size={width},{height}",
    ):
        options.add_argument(arg)
    for attempt in range(3):  # on a loaded machine chromium can miss chromedriver's start-up deadline
        try:
            return webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
        except WebDriverException:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _shots() -> list[Path]:
    extra = os.environ.get("SANDBOXBOT_SCREENSHOTS")
    return [Path(extra)] if extra else []


def _navigating(browser, act) -> None:
    """Do something that loads a new page, and wait until the new page has replaced the old one."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    old = browser.find_element(By.TAG_NAME, "html")
    act()

    def replaced(driver: object) -> bool:
        try:
            return expected_conditions.staleness_of(old)(driver)
        except WebDriverException:  # chromium's "Node … does not belong to the document": gone, i.e. replaced
            return True

    WebDriverWait(browser, 10).until(replaced)


def drive(base: str, token: str, world: World, out: Path) -> dict[str, object]:
    """Everything a person does in the browser; returns what the test checks."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    def click(by: str, what: str) -> None:
        _navigating(browser, browser.find_element(by, what).click)

    seen: dict[str, object] = {}
    browser = _browser(1280, 1000)
    try:
        browser.get(f"{base}/cockpit/login/{token}")
        click(By.ID, "signin")
        seen["overview"] = browser.find_element(By.TAG_NAME, "h1").text
        browser.save_screenshot(str(out / "overview.png"))
        click(By.PARTIAL_LINK_TEXT, f"กลุ่มที่ {world.yala_group}")
        seen["group"] = browser.find_element(By.TAG_NAME, "h1").text
        click(By.LINK_TEXT, "ยะลา")
        seen["province"] = browser.find_element(By.TAG_NAME, "h1").text
        click(By.PARTIAL_LINK_TEXT, "สพป.ยะลา เขต 1")
        seen["committee"] = browser.find_element(By.TAG_NAME, "h1").text
        seen["charts"] = browser.execute_script(
            "return ['duty-chart','history-chart'].map(function (id) {"
            " var c = Chart.getChart(id); if (!c) return 0;"
            " var px = document.getElementById(id).getContext('2d').getImageData(0, 0, 300, 150).data;"
            " var ink = 0; for (var i = 3; i < px.length; i += 4) { if (px[i] > 0) ink++; } return ink; })"
        )
        seen["font"] = browser.execute_script("return document.fonts.check('16px Sarabun', 'ทดสอบ')")
        browser.save_screenshot(str(out / "committee.png"))
        Select(browser.find_element(By.NAME, "status")).select_by_value("none")
        click(By.CSS_SELECTOR, ".filters button")
        seen["filtered"] = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "table.data a")]
        seen["filter_url"] = browser.current_url
        picker = Select(browser.find_element(By.NAME, "roundkey"))
        _navigating(browser, lambda: picker.select_by_value("2569-1"))  # the picker submits on change
        seen["round"] = browser.find_element(By.CSS_SELECTOR, "p.round").text
        browser.get(f"{base}/cockpit/school/{world.d.school}")
        seen["school"] = browser.find_element(By.TAG_NAME, "main").text
        browser.save_screenshot(str(out / "school.png"))
        cookies = browser.get_cookies()
        seen["cookie"] = next(c for c in cookies if c["name"] == "sandboxbot_cockpit")
    finally:
        browser.quit()
    phone = _browser(390, 844)
    try:
        phone.get(f"{base}/cockpit/login/{token}")
        _navigating(phone, phone.find_element(By.ID, "signin").click)
        seen["phone_reused_link"] = phone.find_element(By.TAG_NAME, "h1").text
    finally:
        phone.quit()
    return seen


def drive_phone(base: str, token: str, committee: int, out: Path) -> tuple[int, int]:
    from selenium.webdriver.common.by import By

    phone = _browser(390, 844, phone=True)
    try:
        phone.get(f"{base}/cockpit/login/{token}")
        _navigating(phone, phone.find_element(By.ID, "signin").click)
        phone.get(f"{base}/cockpit/committee/{committee}")
        phone.save_screenshot(str(out / "phone-committee.png"))
        assert phone.find_element(By.TAG_NAME, "h1").text == "คณะกรรมการขับเคลื่อนฯ สพป.ยะลา เขต 1"
        return tuple(phone.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]"))
    finally:
        phone.quit()


async def test_sign_in_drill_down_filter_and_charts(app: App, world: World, site: str, tmp_path: Path) -> None:
    token = await login_token(app, world.national)
    seen = await asyncio.to_thread(drive, site, token, world, tmp_path)
    assert seen["overview"] == "ภาพรวม"
    assert seen["group"] == f"กลุ่มที่ {world.yala_group}"
    assert seen["province"] == "จังหวัดยะลา"
    assert seen["committee"] == "คณะกรรมการขับเคลื่อนฯ สพป.ยะลา เขต 1"
    assert all(int(ink) > 200 for ink in seen["charts"]), seen["charts"]  # type: ignore[union-attr]
    assert seen["font"] is True  # Sarabun, served by the bot itself, is the font drawing the Thai
    assert "status=none" in str(seen["filter_url"])
    assert seen["filtered"] == ["โรงเรียนบ้านสอง"]
    assert "รอบที่ 1 ปีการศึกษา 2569" in str(seen["round"])
    assert "ครูลาคลอด 1 คน" in str(seen["school"]) and "15 พ.ย. 2569" in str(seen["school"])
    cookie = seen["cookie"]
    assert cookie["httpOnly"] is True and cookie["sameSite"] == "Lax"  # type: ignore[index]
    assert seen["phone_reused_link"] == "ลิงก์นี้ใช้ไม่ได้แล้วค่ะ"  # the same link a second time opens nothing
    for folder in _shots():
        folder.mkdir(parents=True, exist_ok=True)
        for name in ("overview.png", "committee.png", "school.png"):
            shutil.copy(tmp_path / name, folder / name)


async def test_the_committee_page_fits_a_phone(app: App, world: World, site: str, tmp_path: Path) -> None:
    token = await login_token(app, world.d.chair)
    page, viewport = await asyncio.to_thread(drive_phone, site, token, world.d.committee, tmp_path)
    assert viewport == 390 and page <= viewport  # wide tables scroll inside their box; the page itself does not
    for folder in _shots():
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(tmp_path / "phone-committee.png", folder / "phone-committee.png")
