"""Shell completion through the entry point, as bash and zsh call it (a subprocess with the
shell's variables), not only by calling the completion function."""

from __future__ import annotations

import codecs
import re
import shlex

import pytest
from helpers import SHIPPED_DB, run_process

pytestmark = pytest.mark.slow  # every test here runs hmip in its own process


def _run(env: dict[str, str | None]) -> str:
    done = run_process(env={"HMIP_DB": str(SHIPPED_DB), **env})
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


def bash(line: str) -> list[str]:
    """What bash's completion function receives for `line` with the cursor on its last word."""
    words = line.split(" ")
    out = _run({"_HMIP_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)})
    return [candidate for candidate in out.split("\n") if candidate]


def zsh(line: str) -> str:
    return _run({"_HMIP_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line})


def test_a_multi_word_service_comes_back_as_one_shell_word() -> None:
    candidates = bash("hmip chart history Durham")
    assert "Durham\\ Tees\\ Valley\\ CRC" in candidates
    # what bash inserts is read back by the shell as the one argument the command needs
    assert shlex.split("hmip chart history " + candidates[0])[3:] == ["Durham Tees Valley CRC"]


@pytest.mark.parametrize("prefix", ["camd", "Camd"])
def test_a_prefix_in_any_case_finds_the_service(prefix: str) -> None:
    assert bash(f"hmip show {prefix}") == ["Camden\\ YJS", "Camden\\ YOS"]


def test_any_part_of_a_name_matches_prefix_matches_first() -> None:
    candidates = bash("hmip list --service tees")
    assert "Durham\\ Tees\\ Valley\\ CRC" in candidates and "South\\ Tees\\ YJS" in candidates
    assert bash("hmip chart history durh")[0] == "Durham\\ Tees\\ Valley\\ CRC"


def test_inside_an_open_quote_the_value_is_left_for_the_shell_to_quote() -> None:
    assert "Durham Tees Valley CRC" in bash("hmip show 'durh")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("hmip list --type y", ["YOT"]),
        ("hmip list --type ", ["CRC", "NPS", "PDU", "region", "YOT"]),
        ("hmip list --rating re", ["Requires\\ improvement"]),
        ("hmip list --format ts", ["tsv"]),
        ("hmip compare --view trans", ["transitions"]),
        ("hmip show camden --view s", ["sources", "inspections"]),  # prefix matches first
        ("hmip summary --by st", ["standard"]),
        ("hmip export --format nd", ["ndjson"]),
    ],
)
def test_every_fixed_value_option_completes(line: str, expected: list[str]) -> None:
    assert bash(line) == expected


def zsh_words(out: str) -> list[str]:
    """The `$'…'` words of zsh's answer, decoded as zsh's eval reads them."""
    return [codecs.decode(word, "unicode_escape") for word in re.findall(r"\$'([^']*)'", out)]


def test_zsh_gets_matches_it_will_not_filter_again() -> None:
    out = zsh("hmip show camd")
    assert out.startswith("compadd -U ")
    assert zsh_words(out)[-2:] == ["Camden YJS", "Camden YOS"]
    assert "Durham Tees Valley CRC" in zsh_words(zsh("hmip chart history durham"))


def test_zsh_option_names_keep_their_help() -> None:
    out = zsh("hmip list --rat")
    assert "compadd -U" in out and any(w.startswith("--rating -- Rating") for w in zsh_words(out))


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("hmip list --fields service,ra", ["service,rating"]),
        (
            "hmip list --fields service,rating,s",
            [
                "service,rating,standard",
                "service,rating,source_url",
                "service,rating,source_kind",
                "service,rating,score",
                "service,rating,score_out_of",
                "service,rating,service_id",
            ],
        ),
        ("hmip league --fields ra", ["rank"]),
        ("hmip summary --fields share", ["share_ri_or_inadequate"]),
    ],
)
def test_fields_complete_with_the_commands_own_fields_after_those_typed(line: str, expected: list[str]) -> None:
    assert bash(line) == expected
