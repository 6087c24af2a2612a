"""A reader's run: each notebook as a reader runs it, with nothing but its own install cell.

:mod:`.main` is the entry (``nox -s reader``, ``finetune-docs reader``). :mod:`.groups` says which
notebooks share one environment (one per backend and Python, the install cells equal);
:mod:`.runtime` builds, once per Python, the runtime a fresh environment starts from (Colab's
pip, a kernel); :mod:`.resolve` asks pip what an install cell would install, which is the key of
the environment; :mod:`.store` keeps built environments by that key; :mod:`.environments` builds
one (or finds a kept one) and runs its install cell; :mod:`.steps` then executes each language's
notebook in it, through the execution cache, inside the walls of :mod:`.sandbox` (git pointed at
this repository, a loopback-only network namespace).
"""
