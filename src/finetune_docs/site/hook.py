"""mkdocs hooks (see mkdocs.yml): pages go through ``render``; each language gets a sitemap.

Material's language switcher reads ``<language>/sitemap.xml`` to send the reader to the
same page in the other language; mkdocs-static-i18n writes the sitemap, which lists every
language's pages and their alternates, only at the root, and the browser would log a 404
per language. Each page also carries, in a meta tag, the words the site's scripts write
into it (docs/assets/accessibility.js), in the page's language (site/strings.toml).
"""

import html
import shutil
from pathlib import Path

from finetune_docs import layout
from finetune_docs.site import strings
from finetune_docs.site.render import render


def on_page_markdown(markdown, page, config, files):
    return render(markdown, Path(config["docs_dir"]) / page.file.src_uri)


def on_post_page(output, page, config):
    language = layout.language_of(Path(config["docs_dir"]) / page.file.src_uri)
    if language not in strings.table():
        return output
    word = html.escape(strings.get(language, "code_block"), quote=True)
    return output.replace("</head>", f'<meta name="finetune-docs:code-block" content="{word}">\n</head>', 1)


def on_post_build(config):
    site = Path(config["site_dir"])
    i18n = config["plugins"]["i18n"].config
    for language in i18n.languages:
        if language.default or not (site / language.locale).is_dir():
            continue
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            if (site / name).is_file():
                shutil.copyfile(site / name, site / language.locale / name)
