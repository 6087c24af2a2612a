"""Benchmarks: figures the tests never time, printed with the machine they ran on.

``finetune-docs benchmark`` (and ``nox -s benchmark``) is the one entry point (:mod:`.main`):
what the execution cache saves, what its key costs, each notebook's wall time and peak memory,
what a language sharing another's run costs; ``--part realsize`` steps a model of
bert-base-cased's real size (:mod:`.realsize`, its models in :mod:`.realsize_models`);
``--part translations`` times parity on long pages (:mod:`.translations`).
"""
