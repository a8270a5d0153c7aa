#!/usr/bin/env bash
# Checks the Prometheus alert rules (promtool check rules) and their unit tests (promtool test
# rules). promtool comes from Debian's `prometheus` package, installed quietly when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=deploy/observability

if ! command -v promtool >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "observability: installing promtool (Debian package prometheus)"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get install -y -qq --no-install-recommends prometheus >/dev/null 2>&1 ||
      { $sudo apt-get update -qq >/dev/null 2>&1 && $sudo apt-get install -y -qq --no-install-recommends prometheus >/dev/null 2>&1; } ||
      { echo "observability: could not install promtool" >&2; exit 1; }
  else
    echo "observability: promtool not found and no apt-get to install it" >&2
    exit 1
  fi
fi

promtool check rules "$dir/alerts.yml"
promtool test rules "$dir/alerts.test.yml"
