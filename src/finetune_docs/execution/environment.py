"""The environment a tutorial kernel runs in: the loopback Hub, and no other network.

The Hub's names (``Yelp/yelp_review_full``, ``google-bert/bert-base-cased``,
``evaluate-metric/accuracy``) resolve against the loopback server through the libraries'
own ``HF_ENDPOINT`` setting; a throwaway ``HF_HOME`` keeps the reader's caches and
token out of it. An IPython start-up file, run before any cell, lets sockets connect
to loopback addresses only (pytest-socket's guard), so a cell that reaches for the
internet fails at once instead of passing on a machine that happens to have a network.

The kernel gets a declared environment, not the harness's (tox's ``pass_env`` and Bazel's
``--action_env`` are the model): a fixed base (the Hub's variables, the backend's
``kernel_env``, one OpenMP thread, a per-run ``HOME`` and ``TMPDIR``, ``PATH`` to its own
interpreter first and then the system's, the C.UTF-8 locale, UTC, a fixed hash seed), and
only those of the harness's variables named in :data:`PASS_ENV` or in pyproject's
``[tool.finetune_docs] pass_env``. So a terminal's ``TERM``, pip's settings, torch's
inductor cache folder or pytest's running test cannot change what a cell prints, nor the
cache key, which covers exactly this environment.
"""

from __future__ import annotations

import fnmatch
import os
import sys
import tomllib
from collections.abc import Mapping
from pathlib import Path

from .. import layout

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
# for a core, many times slower than one thread (`finetune-docs benchmark --part threads`
# prints it; DESIGN.md has the figures). The stand-ins' tensors are too small
# for a second thread to pay. A value already set in the environment is kept.
THREADS = {"OMP_NUM_THREADS": "1"}
SYSTEM_PATH = ("/usr/local/bin", "/usr/bin", "/bin")
FIXED = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TZ": "UTC", "PYTHONHASHSEED": "0"}
"""Locale, time zone and hash seed: a set order, a formatted date or a decoded file name
must not depend on the shell the tests ran from."""
PASS_ENV = (
    # The kernel's import path: CONTRIBUTING's recipe puts a worktree's src/ first; native libraries' path.
    "PYTHONPATH", "LD_LIBRARY_PATH",
    # Which accelerator a kernel may use, and how many threads (the default is THREADS).
    "CUDA_VISIBLE_DEVICES", "OMP_NUM_THREADS",
    # How a kernel reaches a network where it may (the loopback Hub is in no_proxy's spirit: 127.0.0.1).
    "http_proxy", "https_proxy", "no_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY",
)
"""The harness's variables a kernel gets, if set (names or fnmatch patterns); each is in the key. Not the
CA-bundle variables (``SSL_CERT_FILE``...): every machine names its own, no loopback cell uses them, and
they would make a key machine-bound; a project whose kernels need them declares them (``pass_env``)."""


def pass_env(root: Path | None = None) -> tuple[str, ...]:
    """:data:`PASS_ENV` and the project's ``[tool.finetune_docs] pass_env``."""
    root = root or layout.FOUND
    declared = _settings(root).get("pass_env", []) if root else []
    if not isinstance(declared, list) or not all(isinstance(name, str) for name in declared):
        raise ValueError(f"{Path(root or '') / 'pyproject.toml'}: [tool.finetune_docs] pass_env must be a "
                         f"list of variable names, not {declared!r}")
    return (*PASS_ENV, *declared)


def _settings(root: Path) -> dict:
    with (Path(root) / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle).get("tool", {}).get(layout.TABLE, {})


def passed(names: tuple[str, ...], environ: Mapping[str, str]) -> dict[str, str]:
    """The variables of ``environ`` that ``names`` (names or patterns) let through."""
    return {name: value for name, value in environ.items() if any(fnmatch.fnmatchcase(name, n) for n in names)}


def kernel_environment(endpoint: str, home: Path, extra: dict[str, str] | None = None, *,
                       guard: bool = True, python: str | None = None, names: tuple[str, ...] | None = None,
                       environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The whole environment of a kernel that talks to the loopback Hub at ``endpoint``.

    ``guard=False`` leaves out the start-up file, for a kernel whose environment has no
    pytest_socket and whose network is confined some other way (a network namespace).
    ``python`` is the kernel's interpreter (this one by default), whose folder leads ``PATH``;
    ``names`` what passes from ``environ`` (the harness's, by default), :func:`pass_env` by default."""
    home = Path(home)
    ipython = home / "ipython"
    startup = ipython / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    (home / "tmp").mkdir(exist_ok=True)
    if guard:
        (startup / "00-loopback-only.py").write_text(GUARD, encoding="utf-8")
    given = passed(pass_env() if names is None else names, os.environ if environ is None else environ)
    env = THREADS | {k: v for k, v in given.items() if k not in CLEARED} | FIXED
    env.update(
        PATH=os.pathsep.join([str(Path(python or sys.executable).parent), *SYSTEM_PATH]),
        HOME=str(home),
        TMPDIR=str(home / "tmp"),
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
