#!/usr/bin/env bash
# Reproduces docs/BENCHMARKS.md: builds the binaries, loads the synthetic Lamongan
# (18,000 producers, 100,000 products) into a fresh database, starts the server and
# runs every scenario with the load tool, baseline included.
#
#   bench/run.sh                      # SQLite, 32 connections, 20 s per scenario
#   DATABASE=postgres://… bench/run.sh
#   DURATION=5s CONNECTIONS=8 bench/run.sh
#   SOAK=5m bench/run.sh              # also the 90/10 mix for 5 minutes
#   NEEDS_ONLY=1 bench/run.sh          # only the distinct-needs tables (issue 11)
#   PRODUCTS=1000000 PRODUCERS=100000 NEEDS_ONLY=1 bench/run.sh   # a growth row
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${WORK:-$(mktemp -d)}
DATABASE=${DATABASE:-$WORK/bench.db}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-32}
PRODUCTS=${PRODUCTS:-100000}
PRODUCERS=${PRODUCERS:-18000}
ADDR=127.0.0.1:${PORT:-18099}

go build -o "$WORK/exportiva" ./cmd/exportiva
go build -o "$WORK/loadtest" ./cmd/loadtest
echo "== machine: $(nproc) cores, $(go version | cut -d' ' -f3), $(date -u +%Y-%m-%d)"
echo "== seeding $DATABASE"
"$WORK/exportiva" seed --synthetic --producers "$PRODUCERS" --products "$PRODUCTS" --database "$DATABASE"
EXPORTIVA_ADMIN_PASSWORD=bench-admin-password "$WORK/exportiva" admin create --email bench@exportiva.test --database "$DATABASE" >/dev/null
"$WORK/exportiva" serve --database "$DATABASE" --addr "$ADDR" --rate-limit-ip 0 --rate-limit-token 0 --log-level warn --metrics-addr "" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://$ADDR/readyz" >/dev/null && break; sleep 0.1; done
TOKEN=$(curl -s "http://$ADDR/query" -H 'Content-Type: application/json' \
  -d '{"query":"mutation { logIn(email: \"bench@exportiva.test\", password: \"bench-admin-password\") { token } }"}' \
  | sed -E 's/.*"token":"([^"]+)".*/\1/')
echo "== distinct needs (default configuration): 8 connections, then 64 for memory"
"$WORK/loadtest" --url "http://$ADDR" --database "$DATABASE" --pid "$SERVER" --baseline=false \
  --connections 8 --duration "$DURATION" --scenarios needs
"$WORK/loadtest" --url "http://$ADDR" --database "$DATABASE" --pid "$SERVER" --baseline=false \
  --connections 64 --duration "$DURATION" --scenarios needs
sleep 5
echo "== RSS 5 s after the 64 connections: $(awk '/VmRSS/ {print $2/1024 " MB"}' /proc/$SERVER/status)"
if [ -n "${NEEDS_ONLY:-}" ]; then
  kill $SERVER; wait $SERVER 2>/dev/null || true
  "$WORK/exportiva" serve --database "$DATABASE" --addr "$ADDR" --rate-limit-ip 0 --rate-limit-token 0 --log-level warn \
    --metrics-addr "" --match-cache-size 0 --response-cache-size 0 &
  SERVER=$!
  for _ in $(seq 1 100); do curl -sf "http://$ADDR/readyz" >/dev/null && break; sleep 0.1; done
  # Measure the match index, not the SQL fallback while it builds.
  for _ in $(seq 1 1200); do curl -sf "http://$ADDR/readyz" | grep '"matchIndex":"current"' | grep -q '"leadIndex":"current"' && break; sleep 0.1; done
  echo "== distinct needs and leads, caches off, 8 connections"
  "$WORK/loadtest" --url "http://$ADDR" --database "$DATABASE" --token "$TOKEN" --pid "$SERVER" --baseline=false \
    --connections 8 --duration "$DURATION" --scenarios needs,leads,leads-many
  exit 0
fi
echo "== throughput (as fast as possible)"
"$WORK/loadtest" --url "http://$ADDR" --database "$DATABASE" --token "$TOKEN" --pid "$SERVER" \
  --connections "$CONNECTIONS" --duration "$DURATION" --scenarios catalog,catalog-mix,byid,matches,leads,mixed
echo "== latency at a paced 1000 req/s (catalog) and 100 req/s (matches)"
"$WORK/loadtest" --url "http://$ADDR" --database "$DATABASE" --pid "$SERVER" --baseline=false \
  --connections "$CONNECTIONS" --duration "$DURATION" --rate 1000 --scenarios catalog
"$WORK/loadtest" --url "http://$ADDR" --database "$DATABASE" --pid "$SERVER" --baseline=false \
  --connections "$CONNECTIONS" --duration "$DURATION" --rate 100 --scenarios matches
if [ -n "${SOAK:-}" ]; then
  echo "== the 90/10 mix for $SOAK (SOAK)"
  "$WORK/loadtest" --url "http://$ADDR" --database "$DATABASE" --token "$TOKEN" --pid "$SERVER" --baseline=false \
    --connections "$CONNECTIONS" --duration "$SOAK" --scenarios mixed
fi
echo "== every request executed (no response cache, no match cache): the cost of the GraphQL layer and of a first query"
kill $SERVER; wait $SERVER 2>/dev/null || true
"$WORK/exportiva" serve --database "$DATABASE" --addr "$ADDR" --rate-limit-ip 0 --rate-limit-token 0 --log-level warn \
  --metrics-addr "" --match-cache-size 0 --response-cache-size 0 &
SERVER=$!
for _ in $(seq 1 100); do curl -sf "http://$ADDR/readyz" >/dev/null && break; sleep 0.1; done
"$WORK/loadtest" --url "http://$ADDR" --database "$DATABASE" --token "$TOKEN" --pid "$SERVER" \
  --connections "$CONNECTIONS" --duration "$DURATION" --scenarios catalog,catalog-mix,byid,matches,leads
echo "== distinct needs, caches off, 8 connections"
"$WORK/loadtest" --url "http://$ADDR" --database "$DATABASE" --token "$TOKEN" --pid "$SERVER" --baseline=false \
  --connections 8 --duration "$DURATION" --scenarios needs
