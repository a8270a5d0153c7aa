#!/usr/bin/env bash
# Production runs the build with production dependencies only: builds (npm run build), installs the
# build as a deployment would in a temporary folder (package.json, package-lock.json, the CLI's
# package, dist/, then `npm ci --omit=dev`), starts the all-in-one there with `npm run start:prod`
# (PGlite in the folder, a free port) until GET /health/ready answers 200, stops it, and runs
# `onedoor --help` from that folder. Exit code 0 when all of it worked.
set -euo pipefail
cd "$(dirname "$0")/.."
began=$SECONDS
step() { echo "check-prod: $* ($((SECONDS - began)) s)"; }

npm run -s build
# Every services/<name> with a main (the services, the gateway, the all-in-one launcher and the CLI).
for main in $(cd services && ls -d */src/main.ts | cut -d/ -f1); do
  [ -f "dist/services/$main/src/main.js" ] || { echo "check-prod: dist/services/$main/src/main.js is missing" >&2; exit 1; }
done
step "built"

work=$(mktemp -d "${TMPDIR:-/tmp}/onedoor-prod.XXXXXX")
server=
cleanup() {
  if [ -n "$server" ]; then kill -TERM -- "-$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/app/services/ops"
cp package.json package-lock.json "$work/app/"
cp -R services/ops/package.json services/ops/bin "$work/app/services/ops/"
cp -R dist "$work/app/dist"
cd "$work/app"
npm ci --omit=dev --ignore-scripts --no-audit --no-fund --prefer-offline --loglevel=error >/dev/null
for dev in @swc-node/register @swc/core typescript nx jest; do
  [ ! -e "node_modules/$dev" ] || { echo "check-prod: the production install has the dev dependency $dev" >&2; exit 1; }
done
step "installed with production dependencies only"

port=$(node -e 'const s=require("node:net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
# Its own process group, so that stopping it stops npm and node alike.
env -u NODE_ENV -u DATABASE_URL -u KAFKA_BROKERS ONEDOOR_DATA_DIR="$work/data" PORT="$port" \
  setsid npm run -s start:prod >"$work/server.log" 2>&1 &
server=$!
ready=$(node -e '
const url = `http://127.0.0.1:${process.argv[1]}/health/ready`;
const until = Date.now() + 120_000;
(async () => {
  while (Date.now() < until) {
    const status = await fetch(url).then((r) => r.status, () => 0);
    if (status === 200) return console.log("ready");
    await new Promise((r) => setTimeout(r, 500));
  }
  console.log("not ready");
})();' "$port")
if [ "$ready" != ready ] || ! kill -0 "$server" 2>/dev/null; then
  echo "check-prod: the all-in-one did not answer GET /health/ready with 200; its output:" >&2
  tail -40 "$work/server.log" >&2
  exit 1
fi
step "npm run start:prod answered GET /health/ready 200 on port $port"
kill -TERM -- "-$server"
wait "$server" 2>/dev/null || true
server=

help_began=$(date +%s%N)
npx --no-install onedoor --help >"$work/help.txt"
grep -q '^Usage: onedoor' "$work/help.txt" || { echo "check-prod: onedoor --help printed no usage" >&2; cat "$work/help.txt" >&2; exit 1; }
step "onedoor --help from the production install in $(( ($(date +%s%N) - help_began) / 1000000 )) ms"
echo "check-prod: ok in $((SECONDS - began)) s"
