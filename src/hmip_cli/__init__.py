"""hmip: HM Inspectorate of Probation inspection findings from the terminal."""

__version__ = "0.1.0"
