"""The block structure CommonMark gives a page: top-level fences and region markers."""

from finetune_docs.pages.markdown import fences, regions


def test_fences_carry_their_span_info_and_whether_they_close():
    lines = ["# T", "", "~~~~python tags=['x']", "a", "~~~", "~~~~", "", "> ```python", "> nested", "> ```",
             "", "```py", "open"]
    found = fences(lines)
    assert [(f.start, f.end, f.language, f.options.strip(), f.marker, f.closed) for f in found] == [
        (2, 6, "python", "tags=['x']", "~~~~", True),
        (11, 13, "py", "", "```", False),
    ], "the fence inside the blockquote is not a page-level fence"


def test_a_line_that_opens_a_fence_inside_one_is_noticed():
    (fence,) = fences(["```python", "x", "```python", "y", "```"])
    assert fence.opens_another("```python") and not fence.opens_another("```") and not fence.opens_another("``x")
    (longer,) = fences(["````python", "```python", "````"])
    assert not longer.opens_another("```python"), "a shorter run is content of a longer fence"


def test_region_markers_count_only_outside_fences():
    lines = ['<!-- #region tags=["pytorch"] -->', "prose", "<!-- #endregion -->", "```text",
             "<!-- #region -->", "```"]
    assert regions(lines, fences(lines)) == [(0, "open", ' tags=["pytorch"] '), (2, "close", "")]
