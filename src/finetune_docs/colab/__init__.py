"""A reader's runtime simulated offline: what a notebook's install cell would do there.

For each runtime (``finetune_docs.runtimes``) an environment of its Python holds metadata-only
stand-ins of the packages it ships (:mod:`.environment`); the notebook's own install cell
(:mod:`.cells`) is resolved against it by pip itself, ``--dry-run --report``, configured as on
Colab, from a local index made of a recorded snapshot of PyPI's metadata (:mod:`.index`,
:mod:`.resolve`; :mod:`.snapshot` records it). :mod:`.outcome` says what the cell would
install, replace, break, reload and download; ``finetune-docs colab`` prints it.
"""
