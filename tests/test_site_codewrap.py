"""Code blocks get break points between names and each line's indentation (site/codewrap.py)."""

from finetune_docs.site.codewrap import wrap

LINE = '<span id="__span-0-{n}">{body}\n</span>'


def block(*lines: str) -> str:
    body = "".join(LINE.format(n=n, body=line) for n, line in enumerate(lines, 1))
    return f'<div class="highlight"><pre><span></span><code>{body}</code></pre></div>'


def test_a_break_point_after_the_punctuation_between_names_never_inside_one():
    page = block('<span class="n">AutoModel</span><span class="o">.</span><span class="n">from_pretrained</span>'
                 '<span class="p">(</span><span class="s2">&quot;google-bert/bert-base-cased&quot;</span>'
                 '<span class="p">)</span>')
    out = wrap(page)
    assert '<span class="o">.<wbr></span><span class="n">from_pretrained</span>' in out
    assert '<span class="p">(<wbr></span>' in out
    assert "google-bert/<wbr>bert-base-cased" in out
    # Nothing inside a name, before a closing bracket, or in the text a reader copies.
    assert "from_<wbr>" not in out and "(<wbr>)" not in out
    assert out.replace("<wbr>", "") == page


def test_no_break_inside_a_number_or_a_version_operator():
    out = wrap(block("accuracy 0.578, transformers==5.24.0 torch&gt;=2.11"))
    assert "0.578" in out and "==5.24.0" in out and "&gt;=2.11" in out
    assert ",<wbr> transformers" not in out  # a space breaks already


def test_each_line_carries_its_indentation_for_the_hanging_indent():
    out = wrap(block("def f():", '<span class="w">        </span><span class="k">return</span> 1', "", "  x"))
    assert '<span id="__span-0-1">def' in out
    assert '<span id="__span-0-2" style="--indent:8">' in out
    assert '<span id="__span-0-3">\n' in out
    assert '<span id="__span-0-4" style="--indent:2">' in out


def test_text_outside_code_blocks_is_left_alone():
    page = "<p>a.b(c)</p><code>x.y</code>"
    assert wrap(page) == page
