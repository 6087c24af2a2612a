"""The offline stand-ins for the Hub's data set, model and metric (built by ``build``)."""

from pathlib import Path

FILES = Path(__file__).parent / "files"
"""The built stand-ins, laid out as the loopback Hub serves them; importing it needs no ML stack."""
