"""The report page: one self-contained HTML file, parsed here and (where Chromium is
installed) rendered headless."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import unicodedata
import zlib
from collections import Counter
from html.parser import HTMLParser
from importlib.resources import files
from pathlib import Path

import pytest

import dtikit
from dtikit.demo.names import FILES, TABLE_FILE
from dtikit.files import read_inputs
from dtikit.numbers import format_vi
from dtikit.plugin import read_delimited
from dtikit.published import check_table
from dtikit.report import render_report, write_report

HY = "hungyen/commune/2023"
BR = "baria_vungtau/commune/2024"
DEMO = files("dtikit.demo")


class Page(HTMLParser):
    """Counts what the tests look at: tags, classes, attributes, text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.classes: Counter[str] = Counter()
        self.attrs: list[tuple[str, str, str]] = []
        self.text: list[str] = []
        self.stack: list[str] = []
        self.in_svg_text = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        for name, value in attrs:
            self.attrs.append((tag, name, value or ""))
            if name == "class":
                for c in (value or "").split():
                    self.classes[f"{tag}.{c}"] += 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def cohort(rubric_id: str, forms: str, appraisals: str) -> tuple[dtikit.Rubric, dtikit.Results,
                                                                   tuple[dtikit.Scorecard, ...]]:
    rubric = dtikit.default_host().rubric(rubric_id)
    inputs = read_inputs(rubric, [Path(str(DEMO / FILES[forms]))],
                         [Path(str(DEMO / FILES[appraisals]))])
    cards = dtikit.score(rubric, inputs.assessments)
    return rubric, dtikit.rank(cards, rubric), cards


@pytest.fixture(scope="module")
def hy() -> tuple[dtikit.Rubric, dtikit.Results, tuple[dtikit.Scorecard, ...]]:
    return cohort(HY, "hungyen_assessments", "hungyen_appraisals")


def test_page_structure(hy: tuple[dtikit.Rubric, dtikit.Results, tuple[dtikit.Scorecard, ...]]
                        ) -> None:
    rubric, results, cards = hy
    html = render_report(rubric, results, cards)
    page = parse(html)
    n = len(results.rows)
    assert page.tags["html"] == 1 and page.tags["table"] >= 2
    assert page.classes["tr.result-row"] == n
    assert page.classes["tr.excluded-row"] == len(results.excluded) == 1
    assert page.classes["tr.finding-row"] == sum(len(c.findings) for c in cards)
    # one bar chart with a bar per ranked unit, one small chart per ranked unit
    assert page.classes["svg.bar-chart"] == 1
    assert page.classes["rect.bar"] == n
    assert page.classes["svg.parts-chart"] == n
    assert page.classes["rect.fill"] == n * len(results.columns)
    text = "".join(page.text)
    assert "Bảng xếp hạng" in text and "Xếp loại" in text
    assert "Phường Mẫu 11 (dữ liệu mẫu)" in text  # the excluded unit
    assert "Chưa trả lời đủ" in text
    # decimal comma, class labels
    shown = [format_vi(r.total) for r in results.rows]
    assert all(s in text for s in shown) and any("," in s for s in shown)
    assert "Khá" in text and "Yếu" in text


def test_sample_banner(hy: tuple[dtikit.Rubric, dtikit.Results, tuple[dtikit.Scorecard, ...]]
                       ) -> None:
    rubric, results, cards = hy
    page = parse(render_report(rubric, results, cards))
    assert page.classes["div.sample-banner"] == 1
    assert "DỮ LIỆU MẪU" in "".join(page.text)
    import attrs

    real = attrs.evolve(results, sample=False)
    real_cards = [attrs.evolve(c, sample=False) for c in cards]
    page = parse(render_report(rubric, real, real_cards))
    assert page.classes["div.sample-banner"] == 0


def test_self_contained(hy: tuple[dtikit.Rubric, dtikit.Results, tuple[dtikit.Scorecard, ...]]
                        ) -> None:
    rubric, results, cards = hy
    html = render_report(rubric, results, cards)
    assert "http://" not in html and "https://" not in html
    page = parse(html)
    assert page.tags["script"] == 0 and page.tags["link"] == 0 and page.tags["img"] == 0
    assert page.tags["iframe"] == 0 and page.tags["object"] == 0
    assert not [a for a in page.attrs if a[1] in ("src", "href", "srcset", "action")]
    assert "@import" not in html and "url(" not in html
    csp = [v for t, n, v in page.attrs if t == "meta" and n == "content" and "default-src" in v]
    assert csp == ["default-src 'none'; style-src 'unsafe-inline'; img-src data:"]
    assert html == unicodedata.normalize("NFC", html)


def test_user_text_is_escaped() -> None:
    rubric = dtikit.default_host().rubric(HY)
    evil = '<script>alert("x")</script> & "Xã" <b>'
    answers = [dtikit.Answer(n.code, dtikit.Number(n.max / 2),
                             explanation="<img src=x onerror=alert(1)>")
               for n in rubric.main_indices]
    decomposed = unicodedata.normalize("NFD", "Xã Hòa Bình")
    units = [dtikit.Assessment(HY, dtikit.Unit(evil, "u1"), answers),
             dtikit.Assessment(HY, dtikit.Unit(decomposed, "u2"), answers)]
    cards = dtikit.score(rubric, units)
    results = dtikit.rank(cards, rubric)
    html = render_report(rubric, results, cards)
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Xã&quot;" in html
    page = parse(html)
    assert page.tags["script"] == 0 and page.tags["b"] == 0
    assert unicodedata.normalize("NFC", "Xã Hòa Bình") in "".join(page.text)


def test_disagreements_section(
    hy: tuple[dtikit.Rubric, dtikit.Results, tuple[dtikit.Scorecard, ...]],
) -> None:
    rubric, results, cards = hy
    table = read_delimited((DEMO / TABLE_FILE).read_text(encoding="utf-8"), rubric,
                           source=TABLE_FILE)
    check = check_table(rubric, table)
    page = parse(render_report(rubric, results, cards, check=check))
    assert page.classes["tr.disagreement-row"] == len(check.disagreements) == 1
    text = "".join(page.text)
    assert "Đối chiếu bảng kết quả công bố" in text and "UBND xã Phương Chiểu" in text
    assert "288,11" in text and "287,11" in text
    clean = dtikit.TableCheck(rubric.id, check.rows, ())
    page = parse(render_report(rubric, results, cards, check=clean))
    assert page.classes["tr.disagreement-row"] == 0
    assert "Không có sai lệch" in "".join(page.text)
    no_check = "".join(parse(render_report(rubric, results, cards)).text)
    assert "Đối chiếu bảng kết quả công bố" not in no_check


def test_rubric_without_classes_and_with_exclusions() -> None:
    rubric, results, cards = cohort(BR, "brvt_assessments", "brvt_appraisals")
    html = render_report(rubric, results, cards)
    page = parse(html)
    text = "".join(page.text)
    assert rubric.classification is None and "không quy định ngưỡng xếp loại" in text
    assert page.classes["tr.excluded-row"] == 2
    assert "Nộp sau thời hạn" in text and "Chưa được thẩm định" in text
    assert "hạn nộp 05/11/2024" in text
    assert "CCHC" in text  # the conversion column


def test_empty_ranking() -> None:
    rubric = dtikit.default_host().rubric(HY)
    card = dtikit.score(rubric, [dtikit.Assessment(HY, dtikit.Unit("Xã trống"), [])])
    results = dtikit.rank(card, rubric)
    page = parse(render_report(rubric, results, card))
    assert page.classes["tr.result-row"] == 0 and page.classes["svg.bar-chart"] == 0
    assert "Không có đơn vị nào được xếp hạng" in "".join(page.text)


def test_write_report(tmp_path: Path,
                      hy: tuple[dtikit.Rubric, dtikit.Results, tuple[dtikit.Scorecard, ...]]
                      ) -> None:
    rubric, results, cards = hy
    out = write_report(rubric, results, cards, tmp_path / "r.html")
    assert out.read_text(encoding="utf-8") == render_report(rubric, results, cards)
    with pytest.raises(ValueError):
        render_report(dtikit.default_host().rubric(BR), results, cards)


# ------------------------------------------------------------------ headless Chromium


def _chromium() -> str | None:
    if os.path.exists("/usr/bin/chromium"):
        return "/usr/bin/chromium"
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


CHROMIUM = _chromium()
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed")


def _chrome(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--no-first-run", "--disable-extensions", f"--user-data-dir={tmp_path / 'profile'}",
           *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


@needs_chromium
def test_renders_in_chromium(tmp_path: Path,
                             hy: tuple[dtikit.Rubric, dtikit.Results, tuple[dtikit.Scorecard, ...]]
                             ) -> None:
    rubric, results, cards = hy
    report = write_report(rubric, results, cards, tmp_path / "report.html")
    done = _chrome(tmp_path, "--dump-dom", report.resolve().as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    page = parse(done.stdout)
    assert page.classes["tr.result-row"] == len(results.rows)
    assert page.tags["svg"] >= 1 + len(results.rows)
    assert page.classes["rect.bar"] == len(results.rows)
    assert "Bảng xếp hạng" in "".join(page.text)


def _png_size_and_colours(path: Path) -> tuple[int, int, int]:
    """Width, height and a rough count of distinct row checksums of a PNG (stdlib only)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    idat = b""
    pos = 8
    while pos < len(data):
        length = struct.unpack(">I", data[pos:pos + 4])[0]
        kind = data[pos + 4:pos + 8]
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = len(raw) // height
    rows = {raw[i * stride + 1:(i + 1) * stride] for i in range(0, height, 7)}
    return width, height, len(rows)


@needs_chromium
def test_screenshot_is_not_blank(tmp_path: Path,
                                 hy: tuple[dtikit.Rubric, dtikit.Results,
                                           tuple[dtikit.Scorecard, ...]]) -> None:
    rubric, results, cards = hy
    report = write_report(rubric, results, cards, tmp_path / "report.html")
    shot = tmp_path / "shot.png"
    done = _chrome(tmp_path, f"--screenshot={shot}", "--window-size=1280,2400",
                   "--hide-scrollbars", report.resolve().as_uri())
    assert done.returncode == 0 and shot.exists(), done.stderr[-2000:]
    width, height, distinct = _png_size_and_colours(shot)
    assert (width, height) == (1280, 2400)
    assert shot.stat().st_size > 20_000
    assert distinct > 50  # many different rows of pixels: text, table, bars
