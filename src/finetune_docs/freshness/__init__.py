"""See rot coming: what tomorrow's releases, Colab runtimes and Hub ids would do to the tutorial.

Each module has one job:

- :mod:`.colabnext`: a googlecolab/backend-info folder (Colab's next runtime) against the
  recorded lists; every install cell simulated on both; what changes for a reader.
- :mod:`.hubids`: every Hub repository id (and revision) the pages use, asked of a Hub
  endpoint: still there, renamed (a redirect), or gone.
- :mod:`.relax`: a backend's pins relaxed to ``>=`` the pin, less the bounds that must hold
  (:mod:`.holds` says which and why).
- :mod:`.resolve`: uv's resolution of that set (the newest allowed) and of each package alone
  (the newest on the index), from the sources pip is configured with.
- :mod:`.build`: an environment of a set of pins, built with uv, and the backend's tutorial
  tests run in it.
- :mod:`.culprit`: where the newest set fails, which single upgrade of the pinned set does.
- :mod:`.propose`: where it passes, the bumped requirements files (the notebooks are remade).
- :mod:`.report`: pinned -> newest, one Markdown table per backend, and JSON.
- :mod:`.run`: the whole run (``finetune-docs freshness``, ``nox -s freshness``).
"""
