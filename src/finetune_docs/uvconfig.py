"""uv told what pip is configured with, so that the nox sessions' environments, built by uv, come
from the sources pip would install from, and so hold the versions pip would install.

pip reads its configuration files and ``PIP_*`` variables (a machine's local wheels, extra
indexes, constraints); uv reads neither, and would resolve against PyPI alone (here: PyPI's
CUDA torch, gigabytes, instead of the CPU wheel on disk). ``pip config list`` says what pip reads,
highest precedence last; each setting becomes uv's variable. uv stops at the first index that
has a package; pip takes the best version from all of them, so uv is told to do the same. A
setting with no uv equivalent gives a reason instead, and nox keeps pip (noxfile.py).

Only the standard library: the noxfile imports this before any environment exists.
"""

from __future__ import annotations

import ast
import subprocess
import sys

# pip's setting -> (uv's variable, the separator uv wants between several values). pip's no-index has
# none: uv takes it only as --no-index (no UV_NO_INDEX), so such a machine keeps pip.
EQUIVALENT = {
    "index-url": ("UV_DEFAULT_INDEX", " "),
    "extra-index-url": ("UV_INDEX", " "),
    "find-links": ("UV_FIND_LINKS", ","),
    "constraint": ("UV_CONSTRAINT", " "),
    "cert": ("SSL_CERT_FILE", " "),
    "default-timeout": ("UV_HTTP_TIMEOUT", " "),
    "trusted-host": ("UV_INSECURE_HOST", " "),
}
IRRELEVANT = {"disable-pip-version-check", "no-input", "progress-bar", "no-color", "quiet", "verbose",
              "root-user-action", "no-warn-script-location", "no-python-version-warning", "config-file",
              "cache-dir", "no-cache-dir"}
"""Settings that change what pip prints or where it keeps downloads, not what it installs (``config-file``:
the file's settings are listed). A shell with ``PIP_NO_CACHE_DIR`` once made nox fall back to pip, whose
environment differs from uv's in files (another ``multiprocess`` wheel, ``INSTALLER``), so every run executed
again."""
PRECEDENCE = ("global", "install", ":env:")
"""pip's order, lowest first: the [global] section, the [install] section, PIP_* variables."""


def pip_settings(listed: str) -> dict[str, str]:
    """``pip config list``'s lines (``section.key='value'``), each key at its highest precedence."""
    found: dict[str, tuple[int, str]] = {}
    for line in listed.splitlines():
        name, _, value = line.partition("=")
        section, _, key = name.rpartition(".")
        if section not in PRECEDENCE or not value:
            continue
        rank = PRECEDENCE.index(section)
        if key not in found or found[key][0] <= rank:
            found[key] = (rank, ast.literal_eval(value))
    return {key: value for key, (_, value) in found.items()}


def uv_environment(settings: dict[str, str]) -> tuple[dict[str, str], str]:
    """uv's variables for pip's settings, and '' ; or {} and why uv cannot be told one of them."""
    env = {"UV_INDEX_STRATEGY": "unsafe-best-match", "UV_NO_CONFIG": "1"}
    for key, value in sorted(settings.items()):
        if key in IRRELEVANT:
            continue
        if key not in EQUIVALENT:
            return {}, f"pip is configured with {key}={value!r}, which uv has no equivalent of"
        variable, separator = EQUIVALENT[key]
        flag = value.strip().lower()
        if key == "no-index":
            if flag in ("1", "true", "yes", "on"):
                env[variable] = "1"
            continue
        env[variable] = separator.join(value.split())
    return env, ""


def from_pip(python: str = sys.executable) -> tuple[dict[str, str], str]:
    """uv's variables for what ``python``'s pip is configured with here, or why there are none."""
    listed = subprocess.run([python, "-m", "pip", "config", "list"], capture_output=True, text=True)
    if listed.returncode:
        return {}, f"`{python} -m pip config list` failed: {listed.stderr.strip()}"
    return uv_environment(pip_settings(listed.stdout))
