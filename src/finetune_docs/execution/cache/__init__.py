"""The execution cache: a notebook's run made once per key, then replayed.

:mod:`.executions` is the one wrapper around ``execution.run.execute`` (``ExecutionCache``):
it computes the run's key (:mod:`.key`: the executed code, the kernel's declared environment,
the stand-ins, this package's source, and what the kernel's interpreter can import, file by
file, from :mod:`.installed`), replays a stored run of that key, or executes and stores it.
:mod:`.store` is the folder the runs are kept in (jupyter-cache's, behind a lock) and its
housekeeping (``finetune-docs cache``). The design document (``DESIGN.md``) says why each input
is in the key, and what is not.
"""
