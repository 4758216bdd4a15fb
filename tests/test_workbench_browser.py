"""The workbench in a real browser (Debian's chromium through chromedriver): what a Văn phòng user
clicks. Screenshots go to $CHUONGTRINH_SCREENSHOTS when it is set (to look at them), else to the
test's temporary folder."""
from __future__ import annotations

import os
import shutil
import socket
import threading
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.serve import Settings, create_app

from . import handmade
from .conftest import PROVINCES

pytestmark = pytest.mark.browser
CHROME_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1366,900", "--lang=vi")


@pytest.fixture
def server(tmp_path):
    from werkzeug.serving import make_server
    provinces = tmp_path / "provinces"
    provinces.mkdir()
    for slug in ("ha-noi", "thanh-hoa", "can-tho"):
        shutil.copy(PROVINCES / f"{slug}.yaml", provinces)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(Settings(provinces, tmp_path / "output", port=port))
    httpd = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    httpd.shutdown()
    thread.join(timeout=10)


@pytest.fixture
def browser(tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    options.add_argument(f"--user-data-dir={tmp_path / 'chromium'}")
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.implicitly_wait(0)
    yield driver
    driver.quit()


@pytest.fixture
def screenshots(tmp_path) -> Path:
    folder = Path(os.environ.get("CHUONGTRINH_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def wait(driver, condition, seconds: float = 60):
    """Until `condition` holds; the page may be reloading meanwhile."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait
    return WebDriverWait(driver, seconds, poll_frequency=0.1,
                         ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)).until(condition)


def test_build_a_province_from_the_dashboard_then_download_and_check_it(server, browser, screenshots, tmp_path):
    from selenium.webdriver.common.by import By
    browser.get(server + "/")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.units tbody tr")
    assert len(rows) == 63
    row = browser.find_element(By.ID, "unit-thanh-hoa")
    assert "chưa dựng" in row.text
    browser.save_screenshot(str(screenshots / "dashboard-before.png"))
    row.find_element(By.CSS_SELECTOR, "button").click()
    # The script follows the build, then reloads the page: the row shows the new state.
    wait(browser, lambda d: "mới nhất" in d.find_element(By.ID, "unit-thanh-hoa").text)
    browser.save_screenshot(str(screenshots / "dashboard-built.png"))
    link = browser.find_element(By.ID, "unit-thanh-hoa").find_element(By.LINK_TEXT, ".docx")
    downloaded = tmp_path / "thanh-hoa.docx"
    downloaded.write_bytes(urllib.request.urlopen(link.get_attribute("href"), timeout=30).read())
    result = CliRunner().invoke(cli, ["check", str(downloaded)])
    assert result.exit_code == 0, result.output


def test_upload_a_broken_document_and_see_its_findings(server, browser, screenshots, tmp_path):
    from selenium.webdriver.common.by import By
    broken = tmp_path / "cong-van-sai.docx"
    broken.write_bytes(handmade.make(date_italic=False, left_margin=20))
    browser.get(server + "/check")
    browser.find_element(By.ID, "document").send_keys(str(broken))
    browser.find_element(By.CSS_SELECTOR, "form.upload button[type=submit]").click()
    findings = wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "ol.findings.layout li"))
    text = " ".join(finding.text for finding in findings)
    assert "HD36-PAGE" in text and "HD36-DATE" in text and "Thanh Hóa, ngày 05 tháng 02 năm 2021" in text
    browser.save_screenshot(str(screenshots / "check-findings.png"))


def test_the_pages_are_usable_with_the_keyboard(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    browser.get(server + "/")
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    reached = []
    for _ in range(12):
        reached.append(browser.switch_to.active_element.text)
        browser.switch_to.active_element.send_keys(Keys.TAB)
    assert "Kiểm tra văn bản" in reached and "Dựng tất cả" in reached
