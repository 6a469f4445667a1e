"""Shell completion that works with hmip's values: names with spaces, any case, any part.

Typer's own bash completion hands back `Durham Tees Valley CRC` bare (the shell then sees four
words), and its zsh completion lets zsh filter the candidates by the typed prefix, case and all,
so `camd` never finds `Camden YJS`. These replacements keep Typer's installed scripts and change
only what the completion entry point prints.
"""

from __future__ import annotations

import os

from hmip_cli.commands.shell_words import bash_word, can_offer, fish_line, open_quote, zsh_word
from hmip_cli.commands.typer_compat import (
    BashComplete,
    CompletionItem,
    FishComplete,
    ShellComplete,
    ZshComplete,
    add_completion_class,
)


def _matches(shell: ShellComplete, args: list[str], incomplete: str) -> list[CompletionItem]:
    """Completions for the word being typed, matched in any case and by any part.

    Typer keeps only candidates that start with the typed text, exactly; so values are asked
    for with nothing typed and matched here. Options (`--fo`) are completed as usual.
    """
    if incomplete.startswith("-") or (args and args[-1] == "--fields"):
        # options, and --fields' comma-separated list (completed after the fields already typed)
        return shell.get_completions(args, incomplete)
    from hmip_cli.queries.completion import matching

    items = {item.value: item for item in shell.get_completions(args, "") if can_offer(str(item.value))}
    return [items[value] for value in matching(list(items), incomplete)]


class HmipBashComplete(BashComplete):
    """One candidate per line, quoted for the quote the word being completed has open (none,
    `'` or `"`): bash inserts a candidate as it is, so the quoting must be ours."""

    def complete(self) -> str:
        args, incomplete = self.get_completion_args()
        items = _matches(self, args, incomplete)
        quote = open_quote(os.environ.get("COMP_WORDS", ""))
        return "\n".join(bash_word(item.value, quote) for item in items)


class HmipZshComplete(ZshComplete):
    """`compadd -U`: zsh shows and inserts our matches as they are (quoting them itself) instead
    of filtering them again by the typed prefix; option help stays as each match's description."""

    def format_completion(self, item: CompletionItem) -> str:
        return str(item.value)

    def complete(self) -> str:
        args, incomplete = self.get_completion_args()
        items = _matches(self, args, incomplete)
        if not items:
            return "_files"
        values = " ".join(zsh_word(item.value) for item in items)
        if any(item.help for item in items):
            shown = " ".join(
                zsh_word(f"{item.value} -- {' '.join(item.help.split())}" if item.help else item.value)
                for item in items
            )
            return f"local -a _hmip_shown; _hmip_shown=({shown}); compadd -U -V hmip -l -d _hmip_shown -- {values}"
        return f"compadd -U -V hmip -- {values}"


class HmipFishComplete(FishComplete):
    """One candidate per line (TAB, then its help), matched in any case and by any part; fish
    escapes what it inserts for the quote the user has open."""

    def complete(self) -> str:
        args, incomplete = self.get_completion_args()
        items = _matches(self, args, incomplete)
        if os.getenv("_TYPER_COMPLETE_FISH_ACTION", "") == "is-args":
            raise SystemExit(0 if items else 1)  # Typer's protocol: are there values to offer?
        return "\n".join(fish_line(item.value, item.help) for item in items)


def use_hmip_completion() -> None:
    """Register the classes above; call after Typer has registered its own."""
    add_completion_class(HmipBashComplete, "bash")
    add_completion_class(HmipZshComplete, "zsh")
    add_completion_class(HmipFishComplete, "fish")
