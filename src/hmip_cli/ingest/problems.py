"""Located problems: the readers' name for hmip_cli.problems (where the store's writer finds it too)."""

from hmip_cli.problems import MAX_MESSAGE, MAX_REPORTED_PROBLEMS, ProblemLog, shorten

__all__ = ["MAX_MESSAGE", "MAX_REPORTED_PROBLEMS", "ProblemLog", "shorten"]
