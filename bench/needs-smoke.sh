#!/usr/bin/env bash
# A short distinct-needs smoke for CI: a small synthetic Lamongan, the server
# with its default configuration and again with both caches off, and the load
# tool's stream of distinct needs (every sector, unit dimension, period,
# destination bloc, currency, certificates, delivery dates, near misses) for a
# few seconds each. It fails when any need answers an error; the figures it
# prints are not a benchmark (see bench/run.sh and docs/BENCHMARKS.md).
#
#   bench/needs-smoke.sh                  # SQLite
#   DATABASE=postgres://… bench/needs-smoke.sh
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${WORK:-$(mktemp -d)}
DATABASE=${DATABASE:-$WORK/smoke.db}
DURATION=${DURATION:-4s}
ADDR=127.0.0.1:${PORT:-18098}
go build -o "$WORK/exportiva" ./cmd/exportiva
go build -o "$WORK/loadtest" ./cmd/loadtest
"$WORK/exportiva" seed --synthetic --producers 400 --products 3000 --buyers 100 --buy-requests 500 \
  --export-records 2000 --database "$DATABASE" >/dev/null
SERVER=
trap '[ -n "$SERVER" ] && kill $SERVER 2>/dev/null || true' EXIT
for caches in default off; do
  extra=()
  [ "$caches" = off ] && extra=(--match-cache-size 0 --response-cache-size 0)
  "$WORK/exportiva" serve --database "$DATABASE" --addr "$ADDR" --rate-limit-ip 0 --rate-limit-token 0 \
    --log-level warn --metrics-addr "" "${extra[@]}" &
  SERVER=$!
  for _ in $(seq 1 100); do curl -sf "http://$ADDR/readyz" >/dev/null && break; sleep 0.1; done
  # The default engine answers from its in-memory index once built.
  for _ in $(seq 1 300); do curl -sf "http://$ADDR/readyz" | grep -q '"matchIndex":"current"' && break; sleep 0.1; done
  curl -sf "http://$ADDR/readyz" | grep -q '"matchIndex":"current"' || { echo "the match index was not built" >&2; exit 1; }
  echo "== distinct needs, caches $caches"
  out=$("$WORK/loadtest" --url "http://$ADDR" --database "$DATABASE" --pid "$SERVER" --baseline=false \
    --connections 4 --duration "$DURATION" --scenarios needs)
  echo "$out"
  errors=$(echo "$out" | awk '$1 == "needs" { print $7 }')
  requests=$(echo "$out" | awk '$1 == "needs" { print $2 }')
  kill $SERVER; wait $SERVER 2>/dev/null || true
  SERVER=
  if [ -z "$errors" ] || [ "$errors" != 0 ] || [ "${requests:-0}" -lt 4 ]; then
    echo "distinct needs: $requests requests, $errors errors" >&2
    exit 1
  fi
done
