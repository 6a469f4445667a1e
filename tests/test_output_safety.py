"""Stored values are shown, never obeyed (issue 21, items 1, 2 and 5): on a terminal a control
character in the data is escaped, a link is made only where a browser opens the host it is
labelled with; Markdown makes the data's HTML inert; TSV and NDJSON keep one record on one line
and CSV quotes every line break, so an export re-imports exactly.

The hostile values are written into the database with SQL, not imported: whatever an import
accepts or refuses, the output must be safe for any database hmip may be given."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from pathlib import Path

import pytest
from helpers import init_db, on_terminal, run, run_process
from hypothesis import given
from hypothesis import strategies as st

from hmip_cli.environment import Environment
from hmip_cli.render.safe import link_label, safe_link, tsv_cell, visible

NAME = "Evil\x1b]0;owned\x07 \x1b[2J\u202eSvc\x9b31m"
NOTE = "first line\nsecond\r\nthird\rend \x1b]52;c;ZXZpbA==\x07 <script>alert(1)</script>\tcol\\n"
SPOOF = "https://evil.example\\@www.justiceinspectorates.gov.uk/"
INSPECTION = "camden-yos-2019-20"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""What must never reach a terminal from the data (TAB and LF are the writers' own)."""


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = init_db(tmp_path / "hostile.sqlite")
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE inspections SET service = ? WHERE inspection_id = ?", (NAME, INSPECTION))
        conn.execute(
            "UPDATE ratings SET note = ?, source_url = ? WHERE inspection_id = ? AND standard = 'overall'",
            (NOTE, SPOOF, INSPECTION),
        )
    conn.close()
    return path


def terminal(width: int = 200) -> tuple[Environment, io.StringIO, io.StringIO]:
    out, err = io.StringIO(), io.StringIO()
    return Environment.on(out, err, terminal=True, colour=True, width=width), out, err


def _data_escapes(text: str) -> list[str]:
    """Escape sequences in `text` that are not Rich's own styling (SGR) or its OSC 8 links."""
    rich_own = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b\x07]*\x1b\\")
    return RAW.findall(rich_own.sub("", text))


# ---- the sanitiser and the link rule ----------------------------------------------------------


def test_visible_escapes_every_control_bidi_and_separator() -> None:
    assert visible("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert visible("\x07\x7f\x9b\u202e\u2066\u2028\t\n\r") == "\\x07\\x7f\\x9b\\u202e\\u2066\\u2028\\t\\n\\r"
    assert visible("Ynys Môn — ‘quoted’ …") == "Ynys Môn — ‘quoted’ …"


@given(st.text())
def test_visible_leaves_nothing_that_acts(text: str) -> None:
    shown = visible(text)
    assert RAW.search(shown) is None and "\t" not in shown and "\n" not in shown


@pytest.mark.parametrize(
    ("url", "label"),
    [
        ("https://www.justiceinspectorates.gov.uk/hmiprobation/x/", "HMI Probation"),  # the host checked
        ("https://www.justiceinspectorates.gov.uk/hmiprisons/x/", "justiceinspectorates.gov.uk"),
        ("https://hmiprobation.justiceinspectorates.gov.uk/x/", "HMI Probation"),
        (
            "https://hmiprobation.justiceinspectorates.gov.uk.evil.example/x/",
            "hmiprobation.justiceinspectorates.gov.uk.evil.example",
        ),
        ("http://Example.org:8080/a?b=1&c=<2>", "example.org"),
        (SPOOF, None),  # a browser opens evil.example: not linked at all
        ("https://user@www.justiceinspectorates.gov.uk/", None),
        ("https://evil.example%2f@gov.uk/", None),
        ("javascript:alert(1)", None),
        ("JAVASCRIPT://example.org/%0aalert(1)", None),
        ("file:///etc/passwd", None),
        ("https://exa mple.org/", None),
        ("https://example.org/\x1b]8;;https://evil/\x1b\\", None),
        ("https://xn--80ak6aa92e.com/", "xn--80ak6aa92e.com"),
        ("https://еxample.org/", None),  # Cyrillic е: a look-alike host
        ("https://example.org:99999/", None),
        ("https:example.org", None),
        ("", None),
    ],
)
def test_only_clean_http_urls_are_links_labelled_with_the_host_a_browser_opens(url: str, label: str | None) -> None:
    link = safe_link(url)
    assert (link_label(link) if link else None) == label


def test_tsv_cell_escapes_its_separators_reversibly() -> None:
    assert tsv_cell("a\tb\nc\r\\d") == "a\\tb\\nc\\r\\\\d"


# ---- on a terminal ----------------------------------------------------------------------------


def test_a_table_shows_control_characters_escaped_and_links_no_spoof(hostile: Path) -> None:
    env, out, err = terminal()
    result = run("list", "--db", hostile, "--service", "evil", "--wide", obj=env)
    assert result.exit_code == 0, err.getvalue()
    shown = out.getvalue()
    assert _data_escapes(shown) == [] and _data_escapes(err.getvalue()) == []
    assert "Evil\\x1b]0;owned\\x07 \\x1b[2J\\u202eSvc\\x9b31m" in shown
    assert "first line\\nsecond\\r\\nthird\\rend \\x1b]52;c;ZXZpbA==\\x07" in shown
    # the spoofed source is shown whole as text, and no link leads anywhere but HMIP's site
    assert "evil.example\\@www.justiceinspectorates.gov.uk" in shown
    assert "\x1b]8;id=" not in shown or all(
        "justiceinspectorates.gov.uk" in target
        for target in re.findall(r"\x1b\]8;id=[^;]*;([^\x1b]*)", shown)
        if target
    )
    assert "evil.example" not in "".join(re.findall(r"\x1b\]8;id=[^;]*;([^\x1b]*)", shown))


@pytest.mark.parametrize(
    "command", [["league", "--type", "YOT"], ["show", "camden"], ["chart", "heatmap", "--type", "YOT"]]
)
def test_titles_notes_and_charts_escape_data_on_a_terminal(hostile: Path, command: list[str]) -> None:
    env, out, err = terminal(width=240)
    result = run(*command, "--db", hostile, obj=env)
    assert result.exit_code == 0, err.getvalue()
    assert _data_escapes(out.getvalue()) == [] and _data_escapes(err.getvalue()) == []
    if command[0] != "league":
        assert "\\x1b" in out.getvalue()  # the name is there, escaped


def test_the_did_you_mean_hint_escapes_the_names_it_suggests(hostile: Path) -> None:
    _, out, err = run("list", "--db", hostile, "--service", "Evil\x1b]0;owned\x07 \x1b[2JX")
    assert out == "" or "\x1b" not in out
    assert "\x1b" not in err and "\x07" not in err
    assert "\\x1b" in err


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "ndjson", "markdown"])
def test_machine_formats_shown_on_a_terminal_are_escaped_too(hostile: Path, fmt: str) -> None:
    env, out, err = terminal()
    result = run("list", "--db", hostile, "--service", "evil", "-f", fmt, obj=env)
    assert result.exit_code == 0, err.getvalue()
    shown = out.getvalue()
    assert RAW.search(shown) is None and ("\\x1b" in shown or "\\u001b" in shown)  # JSON escapes its own


def test_a_real_terminal_gets_no_escape_from_the_data(hostile: Path) -> None:
    text = on_terminal("list", "--db", hostile, "--service", "evil", env={"TERM": "xterm-256color", "COLUMNS": "200"})
    assert _data_escapes(text) == [] and "\\x1b]0;owned" in text


# ---- pipes and files: one record, one line ------------------------------------------------------


def test_tsv_keeps_one_record_on_one_line_in_a_pipe(hostile: Path) -> None:
    code, out, _ = run("list", "--db", hostile, "--service", "evil", "-f", "tsv")
    assert code == 0
    header, *lines = out.splitlines()
    assert len(lines) == 1 and lines[0].count("\t") == header.count("\t")
    assert "first line\\nsecond\\r\\nthird\\rend" in lines[0] and "<script>" in lines[0]
    assert "\t" + "col\\\\n" in lines[0].replace("\\tcol", "\tcol")  # TAB escaped, backslash doubled


def test_ndjson_keeps_one_record_on_one_line(hostile: Path) -> None:
    code, out, _ = run("list", "--db", hostile, "--service", "evil", "-f", "ndjson")
    assert code == 0
    (line,) = out.splitlines()
    assert json.loads(line)["note"] == NOTE and json.loads(line)["service"] == NAME


def _bytes_out(*args: str | Path) -> str:
    # a real process: CliRunner's stdout turns CRLF into LF, which is the very thing to see
    done = run_process(*args, text=False)
    assert done.returncode == 0, done.stderr
    return bytes(done.stdout).decode("utf-8")


def test_csv_quotes_every_line_break_so_readers_see_one_row(hostile: Path) -> None:
    out = _bytes_out("list", "--db", hostile, "--service", "evil", "-f", "csv")
    (row,) = list(csv.DictReader(io.StringIO(out, newline="")))
    assert row["note"] == NOTE and row["service"] == NAME


def test_markdown_makes_the_datas_html_inert(hostile: Path, tmp_path: Path) -> None:
    code, out, _ = run("list", "--db", hostile, "--service", "evil", "-f", "markdown")
    assert code == 0 and "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    # title, blank, heading, rule, one row: line breaks in a cell are spaces, controls escaped
    assert len(out.splitlines()) == 5 and "\x1b" not in out and "\\x1b]52" in out


def test_a_note_with_cr_and_lf_round_trips_through_csv(tmp_path: Path) -> None:
    path = init_db(tmp_path / "notes.sqlite")
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "UPDATE ratings SET note = ? WHERE inspection_id = ? AND standard = 'overall'",
            ('one\r\ntwo\rthree\nfour\tfive "quoted", <b>', INSPECTION),
        )
    conn.close()
    exported = _bytes_out("export", "--db", path, "-f", "csv")
    assert '"one\r\ntwo\rthree\nfour\tfive ""quoted"", <b>"' in exported
    (tmp_path / "export.csv").write_text(exported, encoding="utf-8", newline="")
    fresh = init_db(tmp_path / "fresh.sqlite", empty=True)
    imported = run("import", "--db", fresh, tmp_path / "export.csv")
    assert imported.exit_code == 0, imported.stderr
    assert _bytes_out("export", "--db", fresh, "-f", "csv") == exported


def test_a_citation_dated_from_hostile_data_is_shown_escaped(hostile: Path) -> None:
    conn = sqlite3.connect(hostile)
    with conn:
        conn.execute(
            "UPDATE inspections SET published = ? WHERE inspection_id = ?", ("2099-01\x1b]0;x\x07", INSPECTION)
        )
    conn.close()
    env, out, err = terminal()
    result = run("cite", "--db", hostile, obj=env)
    assert result.exit_code == 0, err.getvalue()
    assert RAW.search(out.getvalue()) is None and "2099-01\\x1b]0;x\\x07" in out.getvalue()
