"""Running a page's notebook in a real kernel, and judging what it printed.

:mod:`.tutorial` runs one page for one backend against fresh offline stand-ins: it makes the
notebook (``notebooks.make``), starts the loopback Hub, and hands the cells to :mod:`.run`,
which executes them in a kernel whose environment is declared, not inherited
(:mod:`.environment`; :mod:`.network` keeps the test suite's network to loopback). Between the
page's own cells, :mod:`.checks` run the backend's training checks inside the kernel;
:mod:`.compare` judges each printed output against the one the page shows; :mod:`.causes`
says where a failed run failed, in page lines. :mod:`.determinism` runs a notebook twice and
compares every figure. Every run goes through the cache (:mod:`.cache`): made once per key,
then replayed.
"""
