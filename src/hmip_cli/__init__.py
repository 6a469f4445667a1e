"""hmip: HM Inspectorate of Probation inspection findings from the terminal."""

from hmip_cli import interrupts as _interrupts

# first of all: a Ctrl-C while the console script is still importing ends quietly
_interrupts.quiet_start_up()

__version__ = "0.1.0"
