"""Reading tutorial pages: Markdown in jupytext's format, turned into cells."""

from .cells import Cell, Page
from .parse import PageError, read, reads

__all__ = ["Cell", "Page", "PageError", "read", "reads"]
