"""The site: pages rendered for mkdocs-material, backend cells as content tabs."""
