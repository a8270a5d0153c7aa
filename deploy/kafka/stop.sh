#!/usr/bin/env bash
# Stops the local broker started by start.sh and waits for it to exit.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="${KAFKA_DATA_DIR:-$here/data}"
pidfile="$data/kafka.pid"
[ -f "$pidfile" ] || { echo "kafka: not running"; exit 0; }
pid="$(cat "$pidfile")"
if kill -0 "$pid" 2>/dev/null; then
  kill "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
fi
rm -f "$pidfile"
echo "kafka: stopped"
[ "${1:-}" = "--clean" ] && rm -rf "$data" && echo "kafka: data removed" || true
