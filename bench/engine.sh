#!/usr/bin/env bash
# One engine, one load-test run, caches off, on an already seeded database
# (bench/run.sh seeds one; or `exportiva seed --synthetic --database …`):
#
#   DATABASE=/tmp/bench.db ENGINE=topk SCENARIOS=needs-page,needs bench/engine.sh
#   DATABASE=postgres://… ENGINE=reference CONNECTIONS=64 bench/engine.sh
#   DATABASE=/tmp/bench.db ENGINE=index SCENARIOS=leads-many bench/engine.sh
#
# It prints the load tool's table, the idle RSS before and the RSS 5 s after.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${WORK:-$(mktemp -d)}
: "${DATABASE:?set DATABASE to a seeded database}"
ENGINE=${ENGINE:-topk}
SCENARIOS=${SCENARIOS:-needs-page,needs}
CONNECTIONS=${CONNECTIONS:-8}
DURATION=${DURATION:-10s}
ADDR=127.0.0.1:${PORT:-18097}
go build -o "$WORK/exportiva" ./cmd/exportiva
go build -o "$WORK/loadtest" ./cmd/loadtest
# Leads need a signed-in viewer: an admin of the bench (created once per database).
EXPORTIVA_ADMIN_PASSWORD=bench-admin-password "$WORK/exportiva" admin create --email bench@exportiva.test \
  --database "$DATABASE" >/dev/null 2>&1 || true
"$WORK/exportiva" serve --database "$DATABASE" --addr "$ADDR" --rate-limit-ip 0 --rate-limit-token 0 --log-level warn \
  --metrics-addr "" --match-cache-size 0 --response-cache-size 0 --match-engine "$ENGINE" >/dev/null &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 200); do curl -sf "http://$ADDR/readyz" >/dev/null && break; sleep 0.1; done
# The indexed engine builds its index in the background: measure it, not the fallback.
if [ "$ENGINE" = index ]; then
  for _ in $(seq 1 1200); do curl -sf "http://$ADDR/readyz" | grep '"matchIndex":"current"' | grep -q '"leadIndex":"current"' && break; sleep 0.1; done
fi
TOKEN=$(curl -s "http://$ADDR/query" -H 'Content-Type: application/json' \
  -d '{"query":"mutation { logIn(email: \"bench@exportiva.test\", password: \"bench-admin-password\") { token } }"}' \
  | sed -E 's/.*"token":"([^"]+)".*/\1/')
echo "== $ENGINE, $SCENARIOS, $CONNECTIONS connections; idle RSS $(awk '/VmRSS/ {print $2/1024 " MB"}' /proc/$SERVER/status)"
"$WORK/loadtest" --url "http://$ADDR" --database "$DATABASE" --token "$TOKEN" --pid "$SERVER" --baseline=false \
  --connections "$CONNECTIONS" --duration "$DURATION" --scenarios "$SCENARIOS"
sleep 5
echo "== RSS 5 s after: $(awk '/VmRSS/ {print $2/1024 " MB"}' /proc/$SERVER/status)"
