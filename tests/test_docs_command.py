"""`hmip docs`: the documents that --help points to, printed from what ships with hmip."""

from __future__ import annotations

from helpers import ROOT, run

from hmip_cli.store.locations import DOCS


def test_docs_lists_every_shipped_document() -> None:
    code, out, err = run("docs")
    assert code == 0 and err == ""
    assert [line.split("\t")[0] for line in out.splitlines()] == list(DOCS)


def test_docs_prints_a_document_whole() -> None:
    for name in DOCS:
        code, out, _ = run("docs", name.upper())
        assert code == 0
        assert out == (ROOT / "docs" / f"{name}.md").read_text(encoding="utf-8")


def test_an_unknown_document_is_a_usage_error_naming_the_accepted() -> None:
    code, out, err = run("docs", "nope")
    assert code == 2 and out == ""
    assert "accepted: analysis, data, cli, api" in err


def test_what_sql_help_points_to_is_a_shipped_document() -> None:
    code, out, _ = run("sql", "--help")
    assert code == 0 and "hmip docs data" in " ".join(out.split())
