"""mkdocs hooks (see mkdocs.yml): a lesson per framework, a landing page, each language's sitemap.

Each language's source page becomes a landing page, and a lesson per backend is added beside
it (site/lessons.py): a lesson's Markdown is the source page's, rendered with that backend's
cells alone (site/render.py); its "edit this page" link points at the source page. Each page
carries, for the framework switcher (overrides/partials/frameworks.html and
docs/assets/frameworks.js), its language's lessons and their sections' anchors.

Material's script reads ``sitemap.xml`` beside each of a page's alternates (the same page
in each language: ``es/pytorch/sitemap.xml``); mkdocs-static-i18n writes the sitemap, which
lists every language's pages and their alternates, only at each language's root, and the
browser would log a 404 per language: a copy goes in every page's folder. Each page also
carries, in meta tags, the words the site's scripts write into it
(docs/assets/accessibility.js), in the page's language (site/strings.toml), and each
language's home (docs/assets/search-language.js).
"""

import html
import json
import shutil
from pathlib import Path

from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from finetune_docs.backends import BACKENDS
from finetune_docs.site import codewrap, landing, lessons, strings
from finetune_docs.site.render import render


def on_files(files, config):
    # Before mkdocs-static-i18n's (priority -100): it then sorts the lessons by language as
    # any page, and finds each one's translations.
    for uri in lessons.lesson_uris([file.src_uri for file in files]):
        files.append(File(uri, config["docs_dir"], config["site_dir"], config["use_directory_urls"]))
    return files


def on_page_read_source(page, config):
    if lessons.lesson_of(page.file.src_uri):
        return lessons.source_text(config["docs_dir"], page.file.src_uri)
    return None


def on_page_markdown(markdown, page, config, files):
    uri = page.file.src_uri
    source = lessons.source_path(config["docs_dir"], uri)
    if lesson := lessons.lesson_of(uri):
        if page.edit_url and page.edit_url.endswith(uri):
            page.edit_url = page.edit_url[: -len(uri)] + lessons.source_uri(lesson[0])
        return render(markdown, source, lesson[1])
    if lessons.landing_of(uri):
        # Its words are the source page's and strings.toml's: no one file to edit.
        page.edit_url = None
        return landing.page(markdown, source)
    return markdown


def _anchors(toc) -> list[str]:
    return [anchor for item in toc for anchor in (item.id, *_anchors(item.children))]


def on_page_context(context, page, config, nav):
    language = lessons.landing_of(page.file.src_uri) or (lessons.lesson_of(page.file.src_uri) or ("",))[0]
    if language not in strings.table():
        return context
    found = {lesson[1]: other for other in nav.pages if (lesson := lessons.lesson_of(other.file.src_uri))}
    current = lessons.lesson_of(page.file.src_uri)
    context["finetune_lessons"] = {
        "current": current[1] if current else None,
        "label": strings.get(language, "framework_menu",
                             framework=BACKENDS[current[1]].label if current else strings.get(language, "framework")),
        "text": BACKENDS[current[1]].label if current else strings.get(language, "framework"),
        "lessons": [{"name": name, "label": BACKENDS[name].label, "url": found[name].url,
                     "anchors": _anchors(found[name].toc)} for name in BACKENDS if name in found],
    }
    if not current:
        page.finetune_redirect = _redirect(page, context["finetune_lessons"]["lessons"])
    return context


def _redirect(page, found: list[dict]) -> str:
    """A landing page's first script: an anchor of the one page every framework once shared
    leads to the first lesson (registry order: PyTorch) that has it, before anything loads."""
    lessons = [[get_relative_url(lesson["url"], page.url), lesson["anchors"]] for lesson in found]
    data = json.dumps({"own": _anchors(page.toc), "lessons": lessons}).replace("</", "<\\/")
    return ("<script>(function () {\n"
            f"  const data = {data};\n"
            "  const id = decodeURIComponent(location.hash.slice(1));\n"
            "  if (!id || data.own.includes(id) || data.lessons.length === 0) return;\n"
            "  const lesson = data.lessons.find(([, anchors]) => anchors.includes(id));\n"
            "  location.replace(lesson ? lesson[0] + location.hash : data.lessons[0][0]);\n"
            "})();</script>")


def on_post_page(output, page, config):
    output = codewrap.wrap(output)
    if redirect := getattr(page, "finetune_redirect", ""):
        output = output.replace("<head>", f"<head>\n{redirect}", 1)
    language = lessons.landing_of(page.file.src_uri) or (lessons.lesson_of(page.file.src_uri) or ("",))[0]
    if language not in strings.table():
        return output
    word = html.escape(strings.get(language, "code_block"), quote=True)
    roots = html.escape(json.dumps(_language_roots(page, config)), quote=True)
    meta = (f'<meta name="finetune-docs:code-block" content="{word}">\n'
            f'<meta name="finetune-docs:language-roots" content="{roots}">\n')
    return output.replace("</head>", meta + "</head>", 1)


def _language_roots(page, config) -> dict[str, str]:
    """Each language's home, relative to ``page``: search keeps to the page's language by them
    (docs/assets/search-language.js); a page's alternates are that page's translations."""
    roots = {}
    for language in config["plugins"]["i18n"].config.languages:
        home = "" if language.default else f"{language.locale}/"
        roots[language.locale] = get_relative_url(home, page.url).rstrip("/") + "/"
    return roots


def on_post_build(config):
    site = Path(config["site_dir"])
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        if (site / name).is_file():
            for page in site.rglob("index.html"):
                if page.parent != site:
                    shutil.copyfile(site / name, page.parent / name)
