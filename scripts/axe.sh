#!/usr/bin/env bash
# Installs axe-core, which the browser tests inject into each page, from the npm registry at
# the version and hash tests/browser/package-lock.json records (into tests/browser/node_modules).
set -euo pipefail
cd "$(dirname "$0")/../tests/browser"
[ -f node_modules/axe-core/axe.min.js ] && grep -q '"version": "4.14.1"' node_modules/axe-core/package.json && exit 0
if ! command -v npm >/dev/null; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends npm
fi
npm ci --no-audit --no-fund --loglevel=error
