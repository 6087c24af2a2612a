"""Notebooks made from pages: one per (page, backend), kept in sync without losing edits."""
