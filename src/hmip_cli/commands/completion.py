"""Shell completion that works with hmip's values: names with spaces, any case, any part.

Typer's own bash completion hands back `Durham Tees Valley CRC` bare (the shell then sees four
words), and its zsh completion lets zsh filter the candidates by the typed prefix, case and all,
so `camd` never finds `Camden YJS`. These replacements keep Typer's installed scripts and change
only what the completion entry point prints.
"""

from __future__ import annotations

import os
import re
import shlex

from hmip_cli.commands.typer_compat import (
    BashComplete,
    CompletionItem,
    ShellComplete,
    ZshComplete,
    add_completion_class,
)

_UNSAFE = re.compile(r"([^\w@%+=:,./-])")


def _matches(shell: ShellComplete, args: list[str], incomplete: str) -> list[CompletionItem]:
    """Completions for the word being typed, matched in any case and by any part.

    Typer keeps only candidates that start with the typed text, exactly; so values are asked
    for with nothing typed and matched here. Options (`--fo`) are completed as usual.
    """
    if incomplete.startswith("-"):
        return shell.get_completions(args, incomplete)
    from hmip_cli.queries.completion import matching

    items = {item.value: item for item in shell.get_completions(args, "")}
    return [items[value] for value in matching(list(items), incomplete)]


def _inside_open_quote(line: str) -> bool:
    """True when the word being completed opened a quote the user has not closed."""
    try:
        shlex.split(line)
    except ValueError:
        return True
    return False


class HmipBashComplete(BashComplete):
    """One candidate per line; spaces and other shell characters backslash-escaped, unless the
    word was started inside quotes (then the shell quotes it already)."""

    def complete(self) -> str:
        args, incomplete = self.get_completion_args()
        items = _matches(self, args, incomplete)
        if _inside_open_quote(os.environ.get("COMP_WORDS", "")):
            return "\n".join(item.value for item in items)
        return "\n".join(_UNSAFE.sub(r"\\\1", item.value) for item in items)


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
        values = " ".join(shlex.quote(item.value) for item in items)
        if any(item.help for item in items):
            shown = " ".join(
                shlex.quote(f"{item.value} -- {' '.join(item.help.split())}" if item.help else item.value)
                for item in items
            )
            return f"local -a _hmip_shown; _hmip_shown=({shown}); compadd -U -V hmip -l -d _hmip_shown -- {values}"
        return f"compadd -U -V hmip -- {values}"


def use_hmip_completion() -> None:
    """Register the classes above for bash and zsh; call after Typer has registered its own."""
    add_completion_class(HmipBashComplete, "bash")
    add_completion_class(HmipZshComplete, "zsh")
