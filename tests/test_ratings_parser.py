"""The four-point rating scale: order, points, and a parser that forgives case and spacing only."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from hmip_cli.schemas.ratings import ACCEPTED_RATINGS, RATINGS_BEST_FIRST, Rating, parse_rating

CANONICAL = ("Outstanding", "Good", "Requires improvement", "Inadequate")

# Every spelling the issue promises, as words; separators and case are varied below.
SPELLINGS: dict[tuple[str, ...], Rating] = {
    ("outstanding",): Rating.OUTSTANDING,
    ("good",): Rating.GOOD,
    ("requires", "improvement"): Rating.REQUIRES_IMPROVEMENT,
    ("requires", "improvements"): Rating.REQUIRES_IMPROVEMENT,
    ("ri",): Rating.REQUIRES_IMPROVEMENT,
    ("r", "i"): Rating.REQUIRES_IMPROVEMENT,
    ("inadequate",): Rating.INADEQUATE,
}


def test_the_scale_has_exactly_the_four_hmip_ratings() -> None:
    assert [r.value for r in Rating] == list(CANONICAL)


def test_points_are_3_2_1_0() -> None:
    assert [Rating(v).points for v in CANONICAL] == [3, 2, 1, 0]


def test_ratings_are_ordered_by_points() -> None:
    assert Rating.OUTSTANDING > Rating.GOOD > Rating.REQUIRES_IMPROVEMENT > Rating.INADEQUATE
    assert sorted([Rating.GOOD, Rating.INADEQUATE, Rating.OUTSTANDING, Rating.REQUIRES_IMPROVEMENT]) == [
        Rating.INADEQUATE,
        Rating.REQUIRES_IMPROVEMENT,
        Rating.GOOD,
        Rating.OUTSTANDING,
    ]
    assert RATINGS_BEST_FIRST == (Rating.OUTSTANDING, Rating.GOOD, Rating.REQUIRES_IMPROVEMENT, Rating.INADEQUATE)


def test_every_comparison_uses_points_not_the_words() -> None:
    # alphabetically "Requires improvement" > "Good" and "Inadequate" > "Good"
    assert Rating.GOOD > Rating.REQUIRES_IMPROVEMENT
    assert Rating.GOOD >= Rating.INADEQUATE
    assert Rating.INADEQUATE <= Rating.GOOD
    assert not Rating.INADEQUATE >= Rating.REQUIRES_IMPROVEMENT
    assert max([Rating.GOOD, Rating.REQUIRES_IMPROVEMENT, Rating.INADEQUATE]) is Rating.GOOD
    assert min([Rating.OUTSTANDING, Rating.INADEQUATE, Rating.GOOD]) is Rating.INADEQUATE


@given(st.sampled_from(list(Rating)), st.sampled_from(list(Rating)))
def test_order_agrees_with_points(a: Rating, b: Rating) -> None:
    assert (a < b, a <= b, a > b, a >= b, a == b) == (
        a.points < b.points,
        a.points <= b.points,
        a.points > b.points,
        a.points >= b.points,
        a.points == b.points,
    )


def test_text_and_machine_key() -> None:
    assert str(Rating.REQUIRES_IMPROVEMENT) == "Requires improvement"
    assert Rating.REQUIRES_IMPROVEMENT.key == "requires_improvement"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("requires improvement", Rating.REQUIRES_IMPROVEMENT),
        ("Requires Improvement", Rating.REQUIRES_IMPROVEMENT),
        ("requires-improvement", Rating.REQUIRES_IMPROVEMENT),
        ("REQUIRES_IMPROVEMENT", Rating.REQUIRES_IMPROVEMENT),
        ("  requires   improvement  ", Rating.REQUIRES_IMPROVEMENT),
        ("RI", Rating.REQUIRES_IMPROVEMENT),
        ("ri", Rating.REQUIRES_IMPROVEMENT),
        ("R.I.", Rating.REQUIRES_IMPROVEMENT),
        ("outstanding", Rating.OUTSTANDING),
        ("OUTSTANDING", Rating.OUTSTANDING),
        ("Good", Rating.GOOD),
        ("\tgood\n", Rating.GOOD),
        ("Inadequate", Rating.INADEQUATE),
        ("inADEquate", Rating.INADEQUATE),
    ],
)
def test_usual_spellings(text: str, expected: Rating) -> None:
    assert parse_rating(text) is expected


def test_a_rating_passes_through() -> None:
    assert parse_rating(Rating.GOOD) is Rating.GOOD


@pytest.mark.parametrize(
    "text",
    ["", "   ", "Satisfactory", "good enough", "requires", "improvement", "R", "I", "2", "Goood", "not recorded", "-"],
)
def test_anything_else_is_an_error_naming_the_accepted_values(text: str) -> None:
    with pytest.raises(ValueError, match="accepted: ") as caught:
        parse_rating(text)
    message = str(caught.value)
    assert repr(text) in message
    for value in CANONICAL:
        assert value in message


@pytest.mark.parametrize("value", [None, 2, 2.0, ["Good"], {"rating": "Good"}])
def test_non_text_is_an_error_naming_the_accepted_values(value: object) -> None:
    with pytest.raises(ValueError, match="a rating must be text") as caught:
        parse_rating(value)
    assert all(v in str(caught.value) for v in CANONICAL)


separators = st.text(alphabet=" -_.\t", min_size=1, max_size=3)
padding = st.text(alphabet=" \t", max_size=3)


@st.composite
def spelled(draw: st.DrawFn) -> tuple[str, Rating]:
    words, rating = draw(st.sampled_from(sorted(SPELLINGS.items())))
    cased = ["".join(c.upper() if draw(st.booleans()) else c for c in word) for word in words]
    text = cased[0]
    for word in cased[1:]:
        text += draw(separators) + word
    return draw(padding) + text + draw(padding), rating


@given(spelled())
@example(("Requires Improvement", Rating.REQUIRES_IMPROVEMENT))
@example(("r-I", Rating.REQUIRES_IMPROVEMENT))
def test_every_accepted_spelling_parses_in_any_case_and_spacing(case: tuple[str, Rating]) -> None:
    text, rating = case
    assert parse_rating(text) is rating


@given(st.text(max_size=40))
@example("Good!")
@example("requires\u00a0improvement")
@example("\x00")
def test_arbitrary_text_parses_or_names_the_accepted_values(text: str) -> None:
    try:
        rating = parse_rating(text)
    except ValueError as error:
        assert f"(accepted: {ACCEPTED_RATINGS})" in str(error)
    else:
        # only text that folds to a known spelling is accepted
        folded = " ".join("".join(c if c.isalnum() else " " for c in text.lower()).split())
        assert folded in {" ".join(w) for w in SPELLINGS} | {"r i"}
        assert isinstance(rating, Rating)
