"""The environment a tutorial kernel runs in: the loopback Hub, and no other network.

The Hub's names (``Yelp/yelp_review_full``, ``google-bert/bert-base-cased``,
``evaluate-metric/accuracy``) resolve against the loopback server through the libraries'
own ``HF_ENDPOINT`` setting; a throwaway ``HF_HOME`` keeps the reader's caches and
token out of it. An IPython start-up file, run before any cell, lets sockets connect
to loopback addresses only (pytest-socket's guard), so a cell that reaches for the
internet fails at once instead of passing on a machine that happens to have a network.
"""

from __future__ import annotations

import os
from pathlib import Path

ALLOWED_HOSTS = ["127.0.0.1", "::1", "localhost"]
DUMMY_TOKEN = "hf_loopback_dummy_token"
GUARD = f"""\
# Written by finetune_docs.execution.environment: loopback-only network for tutorial cells.
import pytest_socket

pytest_socket.socket_allow_hosts({ALLOWED_HOSTS!r}, allow_unix_socket=True)
"""
CLEARED = ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_EVALUATE_OFFLINE")
# A kernel is rarely alone on this project's 2-core machines (pytest, the loopback Hub, the
# reader's next environment being installed beside it). OpenMP's threads then spin waiting
# for a core: PyTorch's Trainer cell took 291 s with its 2 threads beside one busy process,
# 7.9 s with 1 thread (9.1 s with 2 threads on an idle machine); `python -m
# finetune_docs.benchmark --part threads` prints it. The stand-ins' tensors are too small
# for a second thread to pay. A value already set in the environment is kept.
THREADS = {"OMP_NUM_THREADS": "1"}


def kernel_environment(endpoint: str, home: Path, extra: dict[str, str] | None = None, *,
                       guard: bool = True) -> dict[str, str]:
    """Environment variables for a kernel that talks to the loopback Hub at ``endpoint``.

    ``guard=False`` leaves out the start-up file, for a kernel whose environment has no
    pytest_socket and whose network is confined some other way (a network namespace)."""
    home = Path(home)
    ipython = home / "ipython"
    startup = ipython / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    if guard:
        (startup / "00-loopback-only.py").write_text(GUARD, encoding="utf-8")
    env = THREADS | {k: v for k, v in os.environ.items() if k not in CLEARED}
    env.update(
        HF_ENDPOINT=endpoint,
        HF_TOKEN=DUMMY_TOKEN,
        HF_HOME=str(home / "hf"),
        HF_UPDATE_DOWNLOAD_COUNTS="0",
        HF_HUB_DISABLE_TELEMETRY="1",
        IPYTHONDIR=str(ipython),
        PYDEVD_DISABLE_FILE_VALIDATION="1",
    )
    env.update(extra or {})
    return env
