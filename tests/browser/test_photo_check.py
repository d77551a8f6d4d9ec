"""Check a photo: the page reads a real file in the browser, and nothing of it ever leaves the device."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from .conftest import assert_accessible

PHOTO_COLOUR = (40, 90, 160)  # a plain blue picture: the sticker's yellow stands out in its pixels
STICKER_YELLOW = (255, 216, 77)


def photo_with_details(path: Path, orientation: int = 1) -> Path:
    """A JPEG as a phone writes it: GPS coordinates with their accuracy, the time, the phone and a caption."""
    exif = Image.Exif()
    exif[0x010F] = "Pixelphone"
    exif[0x0110] = "Pixelphone 9"
    exif[0x010E] = "Maya at the park"
    exif[0x013B] = "Sam Rivera"
    exif[0x0112] = orientation
    exif.get_ifd(0x8769)[0x9003] = "2026:06:14 16:05:33"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (51.0, 30.0, 26.0), 3: "W", 4: (0.0, 7.0, 39.0), 0x1F: 12.0})
    Image.new("RGB", (400, 300), PHOTO_COLOUR).save(path, exif=exif, quality=95)
    return path


def choose(page, path: Path) -> None:
    page.locator("#photo-file").set_input_files(str(path))
    page.get_by_text("Checked. Your photo has not left this device.").wait_for()


def watch_requests(page) -> list:
    seen = []
    page.on("request", lambda request: seen.append(request))
    return seen


def test_the_page_shows_what_a_photo_carries_and_sends_none_of_it(page, live_server, axe, tmp_path):
    photo = photo_with_details(tmp_path / "park.jpg")
    requests = watch_requests(page)
    page.goto(live_server.url("/check-photo"))
    page.wait_for_load_state("networkidle")
    loaded = len(requests)
    page.context.set_offline(True)  # everything below happens with no connection at all

    choose(page, photo)
    findings = page.locator("[data-findings]").inner_text()
    assert "records where it was taken, to within about 10 meters" in findings
    assert "June 14, 2026" in findings and "4:05" in findings
    assert "Pixelphone 9" in findings and "Maya at the park" in findings and "Sam Rivera" in findings
    assert_accessible(axe, page)

    page.locator("#caption").fill("Maya Rivera's 5th birthday at Oakwood Elementary! We're here now #bathtime #fun")
    page.get_by_text("A hashtag the campaign warned about").wait_for()
    caption = page.locator("[data-caption-result]").inner_text()
    for flagged in ("Maya Rivera", "5th birthday", "Elementary", "We're here", "#bathtime"):
        assert flagged in caption, flagged
    assert page.locator("[data-caption-result] a[href='/lessons/details-that-identify']").count() >= 1
    assert_accessible(axe, page)

    assert len(requests) == loaded, [r.url for r in requests[loaded:]]
    page.context.set_offline(False)
    for request in requests:
        body = request.post_data_buffer or b""
        assert request.method == "GET" and b"Exif" not in body and b"51.50" not in body
        assert "51.50" not in request.url and "Rivera" not in request.url


def test_the_clean_copy_has_no_metadata_keeps_the_orientation_and_carries_the_sticker(page, live_server, tmp_path):
    photo = photo_with_details(tmp_path / "turned.jpg", orientation=6)  # shown rotated: 300 wide, 400 tall
    page.goto(live_server.url("/check-photo"))
    choose(page, photo)

    page.get_by_role("button", name="Add a sticker").click()
    sticker = page.get_by_role("button", name="Privacy Please sticker 1", exact=False)
    assert sticker.evaluate("node => node === document.activeElement")
    for _ in range(5):
        page.keyboard.press("ArrowUp")  # keyboard only: move it up and make it bigger
    page.keyboard.press("+")
    page.get_by_role("button", name="Make a clean copy").click()
    page.get_by_text("Your clean copy is ready").wait_for()
    assert "None" in page.locator("[data-compare]").inner_text()

    with page.expect_download() as download:
        page.get_by_role("link", name="Save the clean copy").click()
    data = Path(download.value.path()).read_bytes()
    copy = Image.open(io.BytesIO(data))
    assert download.value.suggested_filename == "turned-clean.jpg"
    assert copy.size == (300, 400), "the copy is upright, as the photo is shown"
    assert not copy.getexif() and "exif" not in copy.info and b"Exif" not in data
    box = page.evaluate(
        """() => { const s = document.querySelector('.photo-check__sticker').getBoundingClientRect();
                  const c = document.querySelector('[data-preview]').getBoundingClientRect();
                  return {x: (s.left + s.width / 2 - c.left) / c.width, y: (s.top + s.height / 2 - c.top) / c.height,
                          w: s.width / c.width}; }"""
    )
    x, y = int(box["x"] * copy.width), int(box["y"] * copy.height)
    pixel = copy.convert("RGB").getpixel((x, y - int(box["w"] * copy.width * 0.2)))  # the card, above the text
    assert all(abs(a - b) < 40 for a, b in zip(pixel, STICKER_YELLOW, strict=True)), pixel
    corner = copy.convert("RGB").getpixel((2, copy.height - 3))
    assert all(abs(a - b) < 20 for a, b in zip(corner, PHOTO_COLOUR, strict=True)), corner
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    assert page.evaluate("indexedDB.databases().then(list => list.length)") == 0
    assert page.context.cookies() == []


@pytest.mark.parametrize(("kind", "copy_name"), [("png", "park-clean.png"), ("webp", "park-clean.jpg")])
def test_png_and_webp_photos_are_read_and_cleaned_too(page, live_server, tmp_path, kind, copy_name):
    from PIL import PngImagePlugin

    source = Image.open(photo_with_details(tmp_path / "source.jpg"))
    path = tmp_path / f"park.{kind}"
    extra = {}
    if kind == "png":
        extra["pnginfo"] = PngImagePlugin.PngInfo()
        extra["pnginfo"].add_text("Author", "Sam Rivera")
        extra["pnginfo"].add_itxt("Description", "Maya's first swim", lang="en")
    source.save(path, exif=source.getexif(), **extra)
    page.goto(live_server.url("/check-photo"))
    choose(page, path)
    findings = page.locator("[data-findings]").inner_text()
    assert "records where it was taken" in findings and "Pixelphone 9" in findings and "Sam Rivera" in findings
    if kind == "png":
        assert "Maya's first swim" in findings
    page.get_by_role("button", name="Make a clean copy").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Save the clean copy").click()
    data = Path(download.value.path()).read_bytes()
    assert download.value.suggested_filename == copy_name
    assert b"eXIf" not in data and b"Exif" not in data and b"Sam Rivera" not in data
    assert not Image.open(io.BytesIO(data)).getexif()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.jpg", b"these are not the pixels you are looking for" * 100, "doesn't look like a photo"),
        ("truncated.jpg", None, "seems damaged"),
        ("broken-exif.jpg", "broken-exif", "Checked."),
        ("phone.heic", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200, "HEIC photo"),
    ],
)
def test_bad_files_get_a_clear_message_and_the_page_keeps_working(page, live_server, tmp_path, name, content, message):
    path = tmp_path / name
    if content is None:
        photo_with_details(tmp_path / "whole.jpg")
        whole = (tmp_path / "whole.jpg").read_bytes()
        path.write_bytes(whole[: len(whole) // 3])
    elif content == "broken-exif":
        photo_with_details(tmp_path / "whole.jpg")
        whole = bytearray((tmp_path / "whole.jpg").read_bytes())
        at = whole.index(b"Exif\x00\x00") + 6 + 4  # the TIFF header's offset of the first directory
        whole[at : at + 4] = b"\xff\xff\xff\x00"  # points far outside the file
        path.write_bytes(bytes(whole))
    else:
        path.write_bytes(content)
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    page.goto(live_server.url("/check-photo"))
    page.locator("#photo-file").set_input_files(str(path))
    page.locator("[data-status]", has_text=message).wait_for()
    assert errors == []
    photo = photo_with_details(tmp_path / "good.jpg")
    choose(page, photo)  # the next photo works as usual


def test_a_large_photo_is_checked_without_freezing_the_page(page, live_server, tmp_path):
    path = tmp_path / "big.jpg"
    photo_with_details(path)
    with path.open("ab") as handle:  # 50 MB after the picture's end, as a huge camera file weighs
        handle.write(b"\x00" * (50 * 1024 * 1024))
    page.goto(live_server.url("/check-photo"))
    page.locator("#photo-file").set_input_files(str(path))
    assert page.evaluate("1 + 1") == 2  # the page answers while it reads
    page.get_by_text("Checked. Your photo has not left this device.").wait_for(timeout=30_000)
    assert "51" not in page.locator("[data-status]").inner_text()


def test_without_javascript_the_page_explains_how_to_check_by_hand(browser, live_server, axe):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url("/check-photo"))
    assert page.get_by_role("heading", name="Checking by hand").is_visible()
    assert not page.locator("#photo-file").is_visible()
    assert page.get_by_role("link", name="Details that identify").first.is_visible()
    context.close()


def test_the_page_works_on_a_small_phone_and_stays_within_its_weight(browser, live_server, axe, tmp_path):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(live_server.url("/check-photo"))
    page.wait_for_load_state("networkidle")
    scripts = page.evaluate(
        "performance.getEntriesByType('resource').filter(e => e.initiatorType === 'script')"
        ".reduce((sum, e) => sum + (e.transferSize || e.encodedBodySize), 0)"
    )
    assert 0 < scripts <= 60 * 1024
    choose(page, photo_with_details(tmp_path / "park.jpg"))
    page.get_by_role("button", name="Add a sticker").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(axe, page)
    context.close()
