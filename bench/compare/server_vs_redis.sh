#!/usr/bin/env bash
# Runs redis-benchmark against `luakv serve` and against a local
# redis-server in the same session, and prints requests per second for each
# and luakv's ratio (luakv / Redis; above 1 means luakv served more).
#   usage: bench/compare/server_vs_redis.sh [BUILD_DIR]
#   env:   REDIS_PORT, LUAKV_PORT, N (requests, default 200000),
#          PIPELINE (default 16), TESTS (default set,get,incr),
#          THREADS (luakv serve --threads, default 1)
# Build luakv in Release for meaningful figures.
set -euo pipefail
BUILD_DIR=${1:-build}
REDIS_PORT=${REDIS_PORT:-6399}
LUAKV_PORT=${LUAKV_PORT:-6398}
N=${N:-200000}
PIPELINE=${PIPELINE:-16}
TESTS=${TESTS:-set,get,incr}
THREADS=${THREADS:-1}
cd "$(dirname "$0")/../.."
LUAKV="$BUILD_DIR/tools/luakv"
[[ -x "$LUAKV" ]] || { echo "no $LUAKV: build the luakv target first" >&2; exit 1; }

TMP=$(mktemp -d)
LUAKV_PID=
cleanup() {
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  [[ -n "$LUAKV_PID" ]] && kill "$LUAKV_PID" 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
  --daemonize yes --logfile "$TMP/redis.log"
"$LUAKV" serve --port "$LUAKV_PORT" --threads "$THREADS" --quiet &
LUAKV_PID=$!
for port in "$REDIS_PORT" "$LUAKV_PORT"; do
  for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
done

bench() {  # port -> "TEST rps" lines
  redis-benchmark -p "$1" -t "$TESTS" -P "$PIPELINE" -q -n "$N" 2>/dev/null |
    tr '\r' '\n' | sed -n 's/^\([A-Z]*\): \([0-9.]*\) requests per second.*/\1 \2/p'
}

echo "redis-benchmark -t $TESTS -P $PIPELINE -q -n $N (luakv serve --threads $THREADS)"
bench "$REDIS_PORT" > "$TMP/redis.txt"
bench "$LUAKV_PORT" > "$TMP/luakv.txt"

printf "%-8s %16s %16s %8s\n" test "redis rps" "luakv rps" ratio
awk 'NR == FNR { redis[$1] = $2; next }
     ($1 in redis) { printf "%-8s %16.2f %16.2f %7.2fx\n", $1, redis[$1], $2, $2 / redis[$1] }' \
  "$TMP/redis.txt" "$TMP/luakv.txt"
