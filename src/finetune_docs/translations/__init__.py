"""Translations: parity of code with the English page, propagation of code, staleness."""
