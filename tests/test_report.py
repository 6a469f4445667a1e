"""`hmip report`: a self-contained HTML page (checked in headless Chromium) or Markdown, written atomically."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import init_db, run

CHROMIUM = shutil.which("chromium")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
# Anything the page could fetch or run. Only <a href> may carry a URL (the rating sources).
FETCHING_TAGS = {"script", "link", "img", "iframe", "object", "embed", "image", "use", "video", "audio", "source"}


class Page(HTMLParser):
    """Elements with their attributes, text by tag, and every <style> body."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.styles: list[str] = []
        self.text: list[str] = []
        self._in_style = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        self._in_style = tag == "style"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        (self.styles if self._in_style else self.text).append(data)

    def all(self, tag: str, css: str | None = None) -> list[dict[str, str]]:
        return [a for t, a in self.elements if t == tag and (css is None or css in a.get("class", "").split())]


pytestmark = pytest.mark.usefixtures("reads_shipped_db")


def write(path: Path, *args: str) -> str:
    result = run("report", "--out", path, *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert str(path) in result.stderr and result.stderr.count("\n") == 1
    return path.read_text(encoding="utf-8")


YEARS = ("--year", "1", "--year", "2")


def expected_counts(*filters: str) -> dict[str, int]:
    """What the page must hold, from the commands the charts picture (selections of two years or more)."""
    league = json.loads(run("league", *filters, "-f", "json").stdout)
    compared = json.loads(run("compare", *filters, "-f", "json").stdout)
    outcomes = ("outstanding", "good", "requires_improvement", "inadequate", "not_recorded")
    bars = [r for r in compared if r["view"] == "distribution"]
    sources = json.loads(run("list", *filters, "--standard", "all", "-f", "json").stdout)
    return {
        "cells": sum(1 + len(r["strip"].replace("-", "")) for r in league),
        "segments": sum(1 for r in bars for o in outcomes if r[o]),
        "sources": len(sources),
    }


def test_html_has_the_charts_and_tables(tmp_path: Path) -> None:
    page = Page(write(tmp_path / "report.html", *YEARS))
    expected = expected_counts(*YEARS)
    assert len(page.all("rect", "cell")) == expected["cells"]
    assert len(page.all("rect", "seg")) == expected["segments"]
    tables = [a["class"] for a in page.all("table")]
    probation = ["view-distribution", "view-paired_distribution", "view-transitions", "view-changes"]
    youth = ["view-distribution", "view-changes"]  # no youth service was inspected in both years
    # one compare block per sector, one league per framework of those years (two), then the sources by kind
    assert tables == [*probation, *youth, *["view-league"] * 2, "view-sources_hmip", "view-sources_secondary"]
    assert len(page.all("a")) == expected["sources"]
    assert all(a["href"].startswith(("https://", "http://")) for a in page.all("a"))


def test_one_year_gives_counts_not_compare(tmp_path: Path) -> None:
    page = Page(write(tmp_path / "r.htm", "--year", "2019/20", "--type", "CRC"))
    sources = ["view-sources_hmip", "view-sources_secondary"]
    assert [a["class"] for a in page.all("table")] == ["view-distribution", "view-league", *sources]
    league = json.loads(run("league", "--year", "2019/20", "--type", "CRC", "-f", "json").stdout)
    assert len(page.all("rect", "cell")) == sum(1 + len(r["strip"].replace("-", "")) for r in league)


def test_html_fetches_nothing_and_runs_nothing(tmp_path: Path) -> None:
    text = write(tmp_path / "report.html")
    page = Page(text)
    assert not [t for t, _ in page.elements if t in FETCHING_TAGS]
    for tag, attributes in page.elements:
        for name, value in attributes.items():
            if tag == "a" and name == "href":
                continue
            assert "://" not in value and not value.lower().startswith(("data:", "javascript:")), (tag, name, value)
            assert not name.startswith("on"), (tag, name)
    style = "".join(page.styles)
    assert "url(" not in style and "@import" not in style
    assert "<svg" in text and "xmlns" not in text


def test_names_and_notes_are_escaped(tmp_path: Path, user_db: Path) -> None:
    init_db(user_db, empty=True)
    source = tmp_path / "odd.csv"
    header = (
        "inspection_id,service_id,service,provider_type,region,framework,inspection_year,fieldwork_start,"
        "published,standard,standard_code,rating,source_url,note\n"
    )
    row = (
        'bath-2019,bath,"Bath & <North> East Somerset\'s ""YOS""",YOT,South West,youth-2018,2019/20,,2020-01,'
        "{standard},,{rating},https://example.org/a?b=1&c=<2>,\"<script>alert('x')</script>\"\n"
    )
    source.write_text(
        header + row.format(standard="overall", rating="Good") + row.format(standard="staff", rating="Inadequate"),
        encoding="utf-8",
    )
    imported = run("import", source)
    assert imported.exit_code == 0, imported.stderr
    text = write(tmp_path / "odd.html")
    assert "<script" not in text and "<North>" not in text
    assert "Bath &amp; &lt;North&gt; East Somerset&#x27;s &quot;YOS&quot;" in text
    page = Page(text)
    assert 'Bath & <North> East Somerset\'s "YOS"' in "".join(page.text)
    assert {a["href"] for a in page.all("a")} == {"https://example.org/a?b=1&c=<2>"}
    markdown = write(tmp_path / "odd.md")
    # Markdown passes HTML through to the page: the data's is made inert (issue 21)
    assert "<script" not in markdown and "<North>" not in markdown
    assert 'Bath &amp; &lt;North&gt; East Somerset\'s "YOS"' in markdown
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in markdown


def test_markdown_has_the_same_tables_as_the_commands(tmp_path: Path) -> None:
    text = write(tmp_path / "report.md", *YEARS, "--type", "CRC", "--type", "NPS")
    assert text.startswith("# HM Inspectorate of Probation ratings\n")
    league = run("league", *YEARS, "--type", "CRC", "--type", "NPS", "-f", "markdown").stdout
    compare = run("compare", "--year", "1", "--year", "2", "--type", "CRC", "--type", "NPS", "-f", "markdown").stdout
    assert league in text
    assert compare in text
    assert "<svg" not in text
    sources = expected_counts(*YEARS, "--type", "CRC", "--type", "NPS")["sources"]
    assert len(re.findall(r"^\| .* \| https?://", text, re.M)) == sources


def test_the_file_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o600)
    write(target, "--year", "1")
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert target.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


@pytest.mark.parametrize(
    ("name", "code", "message"),
    [
        ("report.pdf", 2, "unknown report type"),
        ("missing/report.html", 1, "cannot write"),
    ],
)
def test_a_failed_report_writes_nothing(tmp_path: Path, name: str, code: int, message: str) -> None:
    result = run("report", "--out", tmp_path / name)
    assert result.exit_code == code
    assert result.stdout == "" and message in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_bad_filters_are_usage_errors(tmp_path: Path) -> None:
    result = run("report", "--out", tmp_path / "r.html", "--year", "9")
    assert result.exit_code == 2 and "--year 9" in result.stderr
    assert list(tmp_path.iterdir()) == []


def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def console_messages(stderr: str) -> list[str]:
    """Chromium logs every console message and uncaught error as `…:INFO:CONSOLE(…)] "…"`."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed: apt-get install chromium (see .ci/run)")
def test_chromium_renders_the_report(tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    write(report, *YEARS, "--type", "CRC", "--type", "NPS")
    expected = expected_counts(*YEARS, "--type", "CRC", "--type", "NPS")

    # the check for console errors can see them: a page with one logs it
    control = tmp_path / "control.html"
    control.write_text("<!DOCTYPE html><script>console.error('seen')</script>", encoding="utf-8")
    seen = chromium("--dump-dom", control.as_uri(), profile=tmp_path / "profile")
    assert any("seen" in line for line in console_messages(seen.stderr)), seen.stderr[-2000:]

    done = chromium("--dump-dom", report.as_uri(), profile=tmp_path / "profile")
    assert done.returncode == 0, done.stderr[-2000:]
    assert console_messages(done.stderr) == []
    dom = Page(done.stdout)
    assert len(dom.all("figure", "heatmap")) == 2  # CRC and NPS: one grid per set of standards
    assert len(dom.all("svg")) == 1 + 2 + 3  # the bars, the two grids, a key for each chart and the strip
    assert len(dom.all("rect", "seg")) == expected["segments"]
    assert len(dom.all("rect", "cell")) == expected["cells"]
    assert len(dom.all("rect", "key")) == 3 * 5
    assert len(dom.all("table")) == 7  # compare (4), league, sources from HMIP's site and from elsewhere
    assert len(dom.all("a")) == expected["sources"]

    picture = tmp_path / "report.png"
    shot = chromium("--window-size=1200,1600", f"--screenshot={picture}", report.as_uri(), profile=tmp_path / "profile")
    assert shot.returncode == 0, shot.stderr[-2000:]
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and picture.stat().st_size > 20_000


# --- issue 22 item 5: the report covers everything, fits 800 px, carries its notes ------------


def test_by_default_the_report_counts_every_inspection_with_a_publication_date(tmp_path: Path) -> None:
    text = write(tmp_path / "r.md")
    dated = run(
        "sql",
        "SELECT count(DISTINCT service_id || substr(published, 1, 4)) AS n FROM inspections"
        " WHERE published IS NOT NULL",
        "-f",
        "csv",
    ).stdout.split()[1]
    counted = sum(int(line.split("|")[2]) for line in text.splitlines() if re.match(r"^\| 20\d\d \|", line))
    assert counted == int(dated)  # every service and publication year, none left out for want of a programme year
    assert "The bars and counts are by publication year" in text
    assert "## Counts by publication year" in text
    assert "have no publication date precise enough and are not counted" in text  # what it cannot place, counted


def test_the_markdown_report_carries_hmips_published_notes(tmp_path: Path) -> None:
    text = write(tmp_path / "r.md", *YEARS)
    assert (
        "- Probation services, overall rating: 2018/19 vs 2019/20: 2019/20: HMIP published 0 / 4 / 6 / 0 (10)" in text
    )
    html = write(tmp_path / "r.html", *YEARS)
    assert "2019/20: HMIP published 0 / 4 / 6 / 0 (10)" in html


def test_the_report_takes_lists_scope_options(tmp_path: Path) -> None:
    text = write(tmp_path / "r.md", "--published", "2022", "--type", "PDU", "--region", "London")
    assert "| London |" not in text or "London" in text
    assert "Probation Delivery Units" in text or "PDU" in text
    assert "Youth justice services" not in text


def test_dates_do_not_break_and_the_strip_has_a_key(tmp_path: Path) -> None:
    page = Page(write(tmp_path / "r.html"))
    css = "".join(page.styles)
    assert "td.short { white-space: nowrap; }" in css
    assert page.all("td", "short")
    assert "one letter per standard of the framework" in "".join(page.text)


def test_the_heatmap_is_numbered_within_each_grid(tmp_path: Path) -> None:
    from hmip_cli.queries.charts import heatmap
    from hmip_cli.queries.filters import Filters
    from hmip_cli.store.connection import reading_database

    with reading_database(None) as conn:
        chart = heatmap(conn, Filters(years=("2018/19",)))
    for group in chart.groups:
        assert group.rows[0].rank == 1
        assert all(1 <= row.rank <= len(group.rows) for row in group.rows)


PROBE = """<script>
addEventListener("load", () => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll("body *")]
    .filter(e => e.getBoundingClientRect().right > width + 0.5)
    .map(e => e.tagName + ":" + (e.textContent || "").slice(0, 40));
  const over = document.documentElement.scrollWidth - width;
  document.body.setAttribute("data-overflow", over + " " + wide.slice(0, 5).join("|"));
});
</script>"""


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed: apt-get install chromium (see .ci/run)")
@pytest.mark.parametrize("selection", [(), YEARS, ("--type", "CRC", "--type", "NPS"), ("--sector", "youth")])
def test_at_800_px_nothing_overflows(tmp_path: Path, selection: tuple[str, ...]) -> None:
    """The page in a window 800 px wide: no element reaches past the viewport (measured by a
    script added to a copy of the page; the report itself runs none)."""
    report = tmp_path / "report.html"
    page = write(report, *selection)
    probed = tmp_path / "probed.html"
    probed.write_text(page.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    done = chromium(
        "--window-size=800,1000", "--virtual-time-budget=3000", "--dump-dom", probed.as_uri(), profile=tmp_path / "p"
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found = re.search(r'data-overflow="([^"]*)"', done.stdout)
    assert found is not None, done.stdout[-2000:]
    overflow, _, culprits = found[1].partition(" ")
    assert int(overflow) == 0, culprits
