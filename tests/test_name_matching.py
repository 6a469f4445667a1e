"""Names compared as people type them: case, accents, `&`/`and` and punctuation alike, in the
filters, did-you-mean, `hmip show` and completion alike."""

from __future__ import annotations

import pytest
from helpers import run
from hypothesis import given
from hypothesis import strategies as st

from hmip_cli.queries.completion import matching
from hmip_cli.queries.suggestions import closest
from hmip_cli.schemas.name_matching import fold_name, name_contains

pytestmark = pytest.mark.usefixtures("reads_shipped_db")


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("ynys mon", "Gwynedd and Ynys Môn YJS"),
        ("YNYS MÔN", "Gwynedd and Ynys Môn YJS"),
        ("hammersmith & fulham", "Hammersmith and Fulham YJS"),
        ("hammersmith&fulham", "Hammersmith and Fulham YJS"),
        ("kings lynn", "King’s Lynn PDU"),
        ("stoke on trent", "Stoke-on-Trent YOS"),
        ("people's justice", "Leicester City Children and Young People's Justice Service"),
        ("peoples justice", "Leicester City Children and Young People’s Justice Service"),
    ],
)
def test_a_name_is_found_however_it_is_typed(typed: str, name: str) -> None:
    assert name_contains(name, typed)


def test_text_without_a_word_matches_only_itself() -> None:
    assert not name_contains("Camden YOS", "%") and not name_contains("Camden YOS", "_")


@given(st.text())
def test_folding_is_idempotent(text: str) -> None:
    once = fold_name(text)
    assert fold_name(once) == once


@given(st.text(alphabet=st.characters(codec="ascii", categories=["L", "N", "Zs", "P"])))
def test_folding_ignores_case(text: str) -> None:
    assert fold_name(text.upper()) == fold_name(text.lower())


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("ynys mon", "Gwynedd and Ynys Môn YJS"), ("hammersmith & fulham", "Hammersmith and Fulham YJS")],
)
def test_the_issues_services_are_found_by_list(typed: str, expected: str) -> None:
    result = run("list", "--service", typed, "--strict", "-f", "csv", "--fields", "service", "--no-header")
    assert result.exit_code == 0, result.stderr
    assert expected in result.stdout.splitlines()
    assert result.stderr == ""


def test_a_region_is_found_whatever_its_case_and_accents() -> None:
    plain = run("list", "--region", "wales", "-f", "csv", "--no-header")
    shouted = run("list", "--region", "WÂLES", "-f", "csv", "--no-header")
    assert plain.stdout == shouted.stdout and plain.stdout


def test_did_you_mean_folds_names_as_the_filter_does() -> None:
    assert closest("ynys mön yjs", ["Gwynedd and Ynys Môn YJS", "Camden YJS"]) == ("Gwynedd and Ynys Môn YJS",)
    result = run("list", "--service", "gwyneed and ynys mon")
    assert "closest: Gwynedd and Ynys Môn YJS" in result.stderr


def test_show_finds_a_service_by_its_folded_name() -> None:
    result = run("show", "ynys mon", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert "Gwynedd and Ynys Môn YJS" in result.stdout


def test_completion_matches_folded_names() -> None:
    assert matching(["Gwynedd and Ynys Môn YJS", "Camden YJS"], "ynys mon") == ["Gwynedd and Ynys Môn YJS"]
    assert matching(["Hammersmith and Fulham YJS"], "hammersmith &") == ["Hammersmith and Fulham YJS"]
