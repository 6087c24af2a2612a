"""Running a notebook's cells in a real kernel, and judging what they printed."""
