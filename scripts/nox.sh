#!/usr/bin/env bash
# Runs nox from a private, pinned install (.venv-nox), creating it on first use, so that a
# fresh machine with only Python 3.11 needs nothing else. Arguments go to nox.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv-nox/bin/nox ] || [ ! -x .venv-nox/bin/uv ]; then
  python3.11 -m venv .venv-nox
  .venv-nox/bin/pip install --quiet --disable-pip-version-check nox==2026.10.20 uv==0.13.9
fi
exec .venv-nox/bin/nox "$@"
