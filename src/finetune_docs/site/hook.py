"""mkdocs hook (see mkdocs.yml): every page goes through ``render`` before Markdown."""

from pathlib import Path

from finetune_docs.site.render import render


def on_page_markdown(markdown, page, config, files):
    return render(markdown, Path(config["docs_dir"]) / page.file.src_uri)
