#!/usr/bin/env bash
# Installs axe-core, which the browser tests inject into each page, from the npm registry at
# the version and hash tests/browser/package-lock.json records (into tests/browser/node_modules).
set -euo pipefail
cd "$(dirname "$0")/../tests/browser"
# npm ci writes node_modules/.package-lock.json: newer than the lock, it installed this lock.
[ -f node_modules/axe-core/axe.min.js ] && [ node_modules/.package-lock.json -nt package-lock.json ] && exit 0
if ! command -v npm >/dev/null; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends npm
fi
npm ci --no-audit --no-fund --loglevel=error
