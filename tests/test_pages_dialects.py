"""Which dialect a page is in, and how each one's components are read."""

import pytest

from finetune_docs.pages.dialects import DIALECTS, detect


@pytest.mark.parametrize(
    ("text", "dialect"),
    [("# T\n\n```python\nx\n```\n", "jupytext"), ("# T\n\n[[open-in-colab]]\n", "doc-builder"),
     ("# T\n\n<frameworkcontent>\n<pt>\n", "doc-builder"), ("# T\n\n```py\nx\n```\n", "doc-builder"),
     ("# T\n\n<Tip warning={true}>\n\nCareful.\n\n</Tip>\n", "doc-builder")],
)
def test_a_page_is_detected_by_its_signs(text, dialect):
    assert detect(text).name == dialect


def test_doc_builder_components_are_set_aside_and_lines_kept():
    lines = ["<frameworkcontent>", "<pt>", "```py", "x", "```", "</pt>", "<Tip warning={true}>", "[[open-in-colab]]",
             "A <b>bold</b> line."]
    assert DIALECTS["doc-builder"].parse_lines(lines) == ["", "", "```py", "x", "```", "", "", "",
                                                          "A <b>bold</b> line."]
    assert DIALECTS["jupytext"].parse_lines(lines) == lines


def test_the_course_is_told_by_its_banner_or_its_python_out_fences():
    assert detect("# T\n\n<CourseFloatingBanner chapter={2}\n  notebooks={[]} />\n").name == "course"
    assert detect("# T\n\n```python\nx\n```\n\n```python out\n1\n```\n").name == "course"
    assert DIALECTS["course"].kind("python out") == "output" and DIALECTS["doc-builder"].kind("python out") == "code"
    assert DIALECTS["doc-builder"].kind("pycon") == "code" and DIALECTS["jupytext"].kind("pycon") is None
