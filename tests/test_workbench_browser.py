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

pytestmark = pytest.mark.browser
CHROME_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1366,900", "--lang=vi")


@pytest.fixture
def server(tmp_path, few_provinces):
    from werkzeug.serving import make_server
    provinces = few_provinces
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
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    def settled_condition(d):
        # An element found just before a reload answers chromedriver with "Node with given id does not belong
        # to the document" rather than a stale reference: the same race, asked again at the next poll.
        try:
            return condition(d)
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return False
            raise
    return WebDriverWait(driver, seconds, poll_frequency=0.1,
                         ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)
                         ).until(settled_condition)


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
    wait(browser, lambda d: "đã cập nhật" in d.find_element(By.ID, "unit-thanh-hoa").text)
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
    # Every control stays inside the form's box, the list of rule sets (long names) included.
    form = browser.find_element(By.CSS_SELECTOR, "form.upload").rect
    for control in browser.find_elements(By.CSS_SELECTOR, "form.upload select, form.upload input, form.upload button"):
        assert control.rect["x"] + control.rect["width"] <= form["x"] + form["width"], control.get_attribute("name")
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


def open_editor(browser, server: str, slug: str):
    from selenium.webdriver.common.by import By
    browser.get(server + "/")
    browser.find_element(By.ID, f"unit-{slug}").find_element(By.LINK_TEXT, "Sửa").click()
    settled(browser)


def settled(browser):
    """The editor is open and its first preview has come back (an image, or why there is none)."""
    from selenium.webdriver.common.by import By
    wait(browser, lambda d: d.find_element(By.ID, "preview-status").text != "…"
         and (page_image(d) or d.find_elements(By.CSS_SELECTOR, "#preview-problems li")), 90)


def page_image(browser) -> str:
    from selenium.webdriver.common.by import By
    return browser.find_element(By.ID, "page-image").get_attribute("src") or ""


def retype(browser, name: str, value: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    field = browser.find_element(By.NAME, name)
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(value)


@pytest.mark.libreoffice
def test_edit_a_province_see_the_error_at_the_field_fix_it_save_and_see_the_preview_change(
        server, browser, screenshots, tmp_path):
    import time

    from selenium.webdriver.common.by import By
    open_editor(browser, server, "thanh-hoa")
    wait(browser, lambda d: page_image(d).startswith("data:image/png"), 90)   # LibreOffice starts once
    # A placeholder on the page takes the editor to the field that fills it.
    hole = wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, '#holes button.hole[data-field]'))
    field = hole.get_attribute("data-field")
    hole.click()
    assert browser.execute_script(
        "return document.activeElement.closest('[data-path]').dataset.path") == field, field
    retype(browser, "document.year", "1999")
    wait(browser, lambda d: "2020" in d.find_element(By.ID, "m-document.year").text)
    browser.save_screenshot(str(screenshots / "editor-error.png"))
    retype(browser, "document.year", "2021")
    wait(browser, lambda d: not d.find_element(By.ID, "m-document.year").text)
    before = wait(browser, lambda d: page_image(d) if "…" not in d.find_element(By.ID, "preview-status").text else None)
    started = time.monotonic()
    retype(browser, "document.date", "05/02/2021")
    wait(browser, lambda d: page_image(d) != before)
    latency = time.monotonic() - started
    (screenshots / "preview-latency.txt").write_text(f"{latency:.2f} s from the change to the new page image\n")
    assert latency < 5, latency         # the goal is 1.5 s on the 2-core machine; CI machines vary
    browser.save_screenshot(str(screenshots / "editor-preview.png"))
    browser.find_element(By.ID, "save").click()
    wait(browser, lambda d: d.find_element(By.ID, "save-status").text == "đã lưu")
    saved = (tmp_path / "provinces" / "thanh-hoa.yaml").read_text(encoding="utf-8")
    assert "date: 05/02/2021" in saved and "# ngày ban hành" in saved


def test_a_second_tab_saving_the_same_province_gets_the_conflict_message(server, browser):
    from selenium.webdriver.common.by import By
    open_editor(browser, server, "can-tho")
    first = browser.current_window_handle
    browser.switch_to.new_window("tab")
    open_editor(browser, server, "can-tho")
    retype(browser, "signer.name", "Nguyễn Văn A")
    browser.find_element(By.ID, "save").click()
    wait(browser, lambda d: d.find_element(By.ID, "save-status").text == "đã lưu")
    browser.switch_to.window(first)
    retype(browser, "signer.name", "Lê Văn B")
    browser.find_element(By.ID, "save").click()
    notice = wait(browser, lambda d: d.find_element(By.ID, "conflict") if d.find_element(By.ID, "conflict").is_displayed()
                  else None)
    assert "đã bị thay đổi" in notice.text and "Tải lại tệp" in notice.text


def test_what_was_typed_survives_a_closed_tab(server, browser):
    from selenium.webdriver.common.by import By
    open_editor(browser, server, "ha-noi")
    retype(browser, "signer.name", "Phạm Văn C")
    browser.get(server + "/province/ha-noi")         # the tab closed and opened again, nothing saved
    wait(browser, lambda d: d.find_element(By.ID, "draft").is_displayed())
    settled(browser)
    assert browser.find_element(By.NAME, "signer.name").get_attribute("value") == ""
    browser.find_element(By.ID, "draft-restore").click()
    assert browser.find_element(By.NAME, "signer.name").get_attribute("value") == "Phạm Văn C"
    settled(browser)


def test_after_a_conflict_the_draft_is_merged_onto_the_file_field_by_field(server, browser, tmp_path, screenshots):
    """Typed over a version someone else then saved: the fields only the draft changed take the
    draft's values, those only the file changed keep the file's, and one both changed keeps what
    was typed with a note naming the file's value; saving then succeeds."""
    from selenium.webdriver.common.by import By
    path = tmp_path / "provinces" / "can-tho.yaml"
    open_editor(browser, server, "can-tho")
    retype(browser, "signer.name", "Nguyễn Văn Mới")
    retype(browser, "lhh.name", "Liên hiệp các Hội Khoa học và Kỹ thuật thành phố Cần Thơ")
    settled(browser)
    text = path.read_text(encoding="utf-8")
    text = text.replace("  name:", "  name: Trần Văn Khác", 1).replace("draft: Dự thảo", "draft: Dự thảo lần 2", 1)
    path.write_text(text, encoding="utf-8")        # saved meanwhile in another window
    browser.find_element(By.ID, "save").click()
    wait(browser, lambda d: d.find_element(By.ID, "conflict").is_displayed())
    browser.find_element(By.ID, "conflict").find_element(By.LINK_TEXT, "Tải lại tệp").click()
    wait(browser, lambda d: d.find_element(By.ID, "draft").is_displayed())
    settled(browser)
    browser.find_element(By.ID, "draft-restore").click()
    assert browser.find_element(By.NAME, "signer.name").get_attribute("value") == "Nguyễn Văn Mới"
    assert browser.find_element(By.NAME, "lhh.name").get_attribute("value").endswith("thành phố Cần Thơ")
    assert browser.find_element(By.NAME, "document.draft").get_attribute("value") == "Dự thảo lần 2"
    note = browser.find_element(By.CSS_SELECTOR, ".conflict-note")
    assert "Trần Văn Khác" in note.text
    browser.save_screenshot(str(screenshots / "editor-merged-draft.png"))
    settled(browser)
    browser.find_element(By.ID, "save").click()
    wait(browser, lambda d: d.find_element(By.ID, "save-status").text == "đã lưu")
    saved = path.read_text(encoding="utf-8")
    assert "name: Nguyễn Văn Mới" in saved and "Dự thảo lần 2" in saved and "thành phố Cần Thơ" in saved


@pytest.mark.libreoffice
def test_a_merged_unit_of_the_34_gets_its_own_file_is_edited_and_its_preview_changes(tmp_path, browser, screenshots):
    """Issue 26: Tuyên Quang of the 34 (Hà Giang and Tuyên Quang of the 63): "Tạo tệp" from the
    dashboard, the former provinces' facts beside the form, a figure typed in, the page changes, saved."""
    import datetime as dt

    from selenium.webdriver.common.by import By
    from werkzeug.serving import make_server

    from .conftest import PROVINCES
    provinces = tmp_path / "provinces"
    provinces.mkdir()
    for name in ("ha-giang.yaml", "tuyen-quang.yaml"):
        shutil.copy(PROVINCES / name, provinces)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    httpd = make_server("127.0.0.1", port, create_app(Settings(provinces, tmp_path / "output", date=dt.date(2026, 3, 1),
                                                               port=port)), threaded=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        browser.get(f"http://127.0.0.1:{port}/")
        browser.save_screenshot(str(screenshots / "dashboard-34.png"))
        row = browser.find_element(By.ID, "unit-tuyen-quang")
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", row)
        row.find_element(By.XPATH, ".//button[contains(., 'Tạo tệp')]").click()
        settled(browser)
        history = browser.find_element(By.CSS_SELECTOR, "details.history").text
        assert "Tỉnh Hà Giang" in history and "10025" in history
        wait(browser, lambda d: page_image(d).startswith("data:image/png"), 90)
        first = page_image(browser)
        retype(browser, "page", "2\t")           # the LHH's organisation is told on page 2 (change: on leaving)
        before = wait(browser, lambda d: page_image(d) if page_image(d) != first else None, 90)
        retype(browser, "lhh.member_associations.value", "31")
        retype(browser, "lhh.member_associations.as_of", "30/10/2025")
        retype(browser, "lhh.member_associations.source", "tệp kiểm thử")
        wait(browser, lambda d: page_image(d) != before, 90)
        browser.save_screenshot(str(screenshots / "editor-merged-unit.png"))
        browser.find_element(By.ID, "save").click()
        wait(browser, lambda d: d.find_element(By.ID, "save-status").text == "đã lưu")
        saved = (provinces / "34" / "tuyen-quang.yaml").read_text(encoding="utf-8")
        assert "31" in saved and "# Tỉnh Tuyên Quang được sắp xếp từ tỉnh Hà Giang và tỉnh Tuyên Quang" in saved
    finally:
        httpd.shutdown()
