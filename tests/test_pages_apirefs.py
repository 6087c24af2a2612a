"""[`Name`] in a page's prose: a link from one table, or an error naming file and line."""

import pytest

from finetune_docs import layout
from finetune_docs.pages import PageError, apirefs, reads


def test_a_known_name_becomes_a_link_and_other_brackets_stay():
    text = "Use [`Trainer`], not [`Trainer`](elsewhere) or [x][`y`] or `Trainer`."
    resolved = apirefs.resolve(text)
    assert resolved.startswith("Use [`Trainer`](https://huggingface.co/docs/transformers/main_classes/trainer#")
    assert resolved.endswith(", not [`Trainer`](elsewhere) or [x][`y`] or `Trainer`.")


def test_an_unknown_name_is_an_error_naming_file_and_line():
    with pytest.raises(PageError) as error:
        reads("# T\n\nProse.\n\nUse [`Trainr`] here.\n", "docs/en/x.md")
    assert str(error.value).startswith("docs/en/x.md:5:")
    assert "[`Trainr`]" in str(error.value) and "api_links.toml" in str(error.value)


def test_every_link_is_https_and_every_page_reference_is_known():
    assert all(url.startswith("https://") for url in apirefs.table().values())
    for language in layout.languages():
        for page in layout.pages(language):
            text = page.read_text(encoding="utf-8")
            assert apirefs.unknown(text) == [], page


# Documentation hosts whose URLs name a version, the distribution whose version it is,
# and how much of the version they name (keras.io/2/ is the Keras 2 docs: tf-keras 2.x).
VERSIONED = {
    r"huggingface\.co/docs/transformers/v(\d+\.\d+\.\d+)/": ("transformers", 3),
    r"huggingface\.co/docs/datasets/v(\d+\.\d+\.\d+)/": ("datasets", 3),
    r"mindspore\.cn/docs/en/r(\d+\.\d+\.\d+)/": ("mindspore", 3),
    r"github\.com/mindspore-lab/mindone/blob/v(\d+\.\d+\.\d+)/": ("mindone", 3),
    r"keras\.io/(\d+)/": ("tf-keras", 1),
}


def backends_using() -> dict[str, set[str]]:
    """Each name the English page references, and the backends whose cells reference it."""
    from finetune_docs.backends import BACKENDS
    from finetune_docs.pages import read

    uses: dict[str, set[str]] = {}
    for cell in read(layout.DOCS / "en" / "index.md").cells:
        for match in apirefs.REFERENCE.finditer(cell.source):
            uses.setdefault(match.group(1), set()).update(cell.backends or BACKENDS)
    return uses


def pinned(backend: str, distribution: str) -> str | None:
    from finetune_docs.backends import BACKENDS

    for pin in BACKENDS[backend].pins():
        if BACKENDS[backend].package(pin) == distribution:
            return pin.split("==", 1)[1]
    return None


def test_versioned_links_name_the_version_the_backend_using_them_pins():
    import re

    checked = 0
    for name, backends in backends_using().items():
        url = apirefs.table()[name]
        for pattern, (distribution, parts) in VERSIONED.items():
            match = re.search(pattern, url)
            if not match:
                continue
            for backend in backends:
                version = pinned(backend, distribution)
                assert version, f"[`{name}`] links to {distribution}'s docs, which {backend} does not pin"
                assert match.group(1) == ".".join(version.split(".")[:parts]), (name, backend, version, url)
                checked += 1
    assert checked >= 5


def test_no_link_to_unversioned_docs_of_a_pinned_stack():
    for name, url in apirefs.table().items():
        assert "/master/" not in url and "/blob/main/" not in url, (name, url)
        # tensorflow.org's tf.keras pages document Keras 3; the page runs Keras 2 (tf-keras).
        assert "tensorflow.org/api_docs/python/tf/keras" not in url, (name, url)


def test_a_link_to_source_names_the_module_the_page_imports_it_from():
    import re

    code = "\n".join(c.source for c in reads((layout.DOCS / "en" / "index.md").read_text(encoding="utf-8"),
                                             layout.DOCS / "en" / "index.md").cells if c.kind == "code")
    checked = 0
    for name, url in apirefs.table().items():
        source = re.search(r"github\.com/[^/]+/[^/]+/blob/[^/]+/(.+)\.py$", url)
        imported = re.search(rf"^from ([\w.]+) import .*\b{re.escape(name)}\b", code, re.MULTILINE)
        if source and imported:
            module = source.group(1).replace("/", ".")
            assert module == imported.group(1) or module.startswith(imported.group(1) + "."), (name, url)
            checked += 1
    assert checked >= 1
