"""Render the reports in a real headless Chromium: no console errors, the
highlights and the chart exist in the rendered DOM, and the screenshot shows
the severity colours. Skips where no Chromium is installed (``.ci/run``
installs Debian's ``chromium``)."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from mtcheck.report import write_reports
from test_report_common import sample_run
from test_report_html import parse
from test_report_safety import SCRIPT, hostile_run

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed (apt-get install chromium)")

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--enable-logging=stderr", "--v=0",
]
# What Chromium prints when a page script fails or the CSP blocks something.
CONSOLE_ERRORS = ("Uncaught", "ERROR:CONSOLE", "Refused to", "Failed to load resource")


def chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp / "profile"
    profile.mkdir(exist_ok=True)
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=120, env={**os.environ, "LANG": "C.UTF-8"},
    )


def console_errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if any(k in line for k in CONSOLE_ERRORS)]


def png_pixels(path: Path) -> tuple[int, int, list[bytes]]:
    """Decode an 8-bit RGB/RGBA non-interlaced PNG (what Chromium writes) into rows."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and ctype in (2, 6) and interlace == 0
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        ftype = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 255
            elif ftype == 2:
                line[i] = (line[i] + b) & 255
            elif ftype == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line[i] for i in range(stride) if bpp == 3 or i % 4 != 3))
        prev = line
    return width, height, rows


def count_colour(rows: list[bytes], rgb: tuple[int, int, int], tol: int = 14) -> int:
    n = 0
    for row in rows:
        for i in range(0, len(row), 3):
            if abs(row[i] - rgb[0]) <= tol and abs(row[i + 1] - rgb[1]) <= tol and abs(row[i + 2] - rgb[2]) <= tol:
                n += 1
    return n


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reports")
    write_reports(sample_run(with_gac=False), out, ["html"])
    write_reports(hostile_run(), out / "hostile", ["html"])
    return out


def test_article_renders_without_console_errors_and_with_colours(reports: Path, tmp_path: Path) -> None:
    shot = tmp_path / "article.png"
    page = reports / "byd-blade.html"
    proc = chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", page.as_uri())
    assert shot.exists(), proc.stderr[-2000:]
    assert console_errors(proc.stderr) == []
    width, height, rows = png_pixels(shot)
    assert (width, height) == (1280, 2000)
    # the error highlight and the high-risk bars (#d92d20), warning amber (#e5a50a / #fff0c2),
    # suggestion blue background (#e0ebfc) and the white report card are all on screen
    assert count_colour(rows, (0xD9, 0x2D, 0x20)) > 200
    assert count_colour(rows, (0xFF, 0xF0, 0xC2), tol=6) > 200
    assert count_colour(rows, (0xE0, 0xEB, 0xFC), tol=6) > 200
    assert count_colour(rows, (0xFF, 0xFF, 0xFF), tol=0) > 200_000


def test_rendered_dom_has_highlights_chart_and_no_script(reports: Path, tmp_path: Path) -> None:
    proc = chromium(tmp_path, "--dump-dom", (reports / "byd-blade.html").as_uri())
    dom = proc.stdout
    assert console_errors(proc.stderr) == []
    assert dom.count('<mark class="hl') >= 4
    assert '<svg class="risk-chart"' in dom and dom.count('class="bar risk-') == 5
    assert 'id="s-1"' in dom and 'href="#f-1"' in dom
    assert "<script" not in dom


def test_hostile_report_renders_payloads_as_text(reports: Path, tmp_path: Path) -> None:
    (page,) = [p for p in (reports / "hostile").glob("*.html") if p.name != "index.html"]
    proc = chromium(tmp_path, "--dump-dom", page.as_uri())
    dom = proc.stdout
    assert console_errors(proc.stderr) == []
    # Chromium serialises attribute values with raw "<" (a tooltip holding the
    # payload), so judge the rendered DOM by parsing it: no element, no handler.
    tree = parse(dom)
    assert not {t for t, _ in tree.tags} & {"script", "textarea"}
    assert all("onmouseover" not in attrs for _, attrs in tree.tags)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom  # shown as text
    assert SCRIPT in "".join(tree.text)


def test_index_renders_with_links(reports: Path, tmp_path: Path) -> None:
    proc = chromium(tmp_path, "--dump-dom", (reports / "index.html").as_uri())
    assert console_errors(proc.stderr) == []
    assert '<a href="byd-blade.html">' in proc.stdout and "Needs edits" in proc.stdout
