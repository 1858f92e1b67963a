#!/usr/bin/env bash
# Instructions per EVALSHA of the check-and-set script, luakv against Redis,
# counted by callgrind: a figure the machine's load cannot move. luakv is
# counted over the whole host-API call (Engine::Execute, reply included),
# Redis inside evalShaCommand (no network, parsing or reply writing).
#   usage: bench/compare/scripting_instructions.sh [BUILD_DIR]
# Needs valgrind (apt-get install valgrind).
set -euo pipefail
BUILD_DIR=${1:-build}
PORT=${PORT:-6397}
N=1000
CALLS=20000
cd "$(dirname "$0")/../.."
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 1; }

TMP=$(mktemp -d)
trap 'redis-cli -p $PORT shutdown nosave >/dev/null 2>&1 || true; rm -rf "$TMP"' EXIT

# Inclusive cost of the function named by $2 divided by the number of calls
# its callers made, from callgrind output $1.
per_call() {
  callgrind_annotate --tree=caller --inclusive=yes "$1" 2>/dev/null |
    python3 -c '
import re, sys
fn = sys.argv[1]
lines = sys.stdin.read().splitlines()
calls = total = 0
for i, line in enumerate(lines):
    if "*  " in line and fn in line:
        total = int(line.split()[0].replace(",", ""))
        j = i - 1
        while j >= 0 and "<" in lines[j]:
            m = re.search(r"\(([\d,]+)x\)", lines[j])
            if m:
                calls += int(m.group(1).replace(",", ""))
            j -= 1
        break
print("%d %d" % (total // max(calls, 1), calls))
' "$2"
}

valgrind --tool=callgrind --callgrind-out-file="$TMP/luakv.out" \
  --toggle-collect='luakv::Engine::Execute(std::span*' \
  "$BUILD_DIR/bench/scripting_bench" \
  --benchmark_filter='BM_EvalShaCheckAndSet/1000$' --benchmark_min_time=0.2 \
  >/dev/null 2>&1
read -r luakv luakv_calls < <(per_call "$TMP/luakv.out" 'luakv::Engine::Impl::ExecuteDefault')

# The floor, bench/bare_binding_bench.cc, counted over its per-call function.
valgrind --tool=callgrind --callgrind-out-file="$TMP/bare.out" \
  --toggle-collect='*CheckAndSet(lua_State*' \
  "$BUILD_DIR/bench/bare_binding_bench" \
  --benchmark_filter='/1000$' --benchmark_min_time=0.2 \
  >/dev/null 2>&1
read -r bare bare_calls < <(per_call "$TMP/bare.out" 'CheckAndSet(lua_State*')

valgrind --tool=callgrind --callgrind-out-file="$TMP/redis.out" \
  --toggle-collect=evalShaCommand \
  redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no \
  >"$TMP/redis.log" 2>&1 &
for _ in $(seq 300); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.2; done
# The same script as bench/scripting_bench.cc's kCheckAndSet.
SCRIPT=$(cat bench/compare/check_and_set.lua)
for i in $(seq 0 $((N - 1))); do
  printf 'SET balance:%012d 1000000000000\n' "$i"
done | redis-cli -p "$PORT" >/dev/null
SHA=$(redis-cli -p "$PORT" script load "$SCRIPT")
redis-benchmark -p "$PORT" -n "$CALLS" -r "$N" -P 16 -q \
  evalsha "$SHA" 1 balance:__rand_int__ 3 >/dev/null
redis-cli -p "$PORT" shutdown nosave >/dev/null 2>&1 || true
wait
read -r redis redis_calls < <(per_call "$TMP/redis.out" 'evalShaCommand')

echo "instructions per EVALSHA check-and-set (callgrind, $N keys)"
printf "  luakv (host API, %d calls)       %8d\n" "$luakv_calls" "$luakv"
printf "  redis-server (evalShaCommand, %d calls) %8d\n" "$redis_calls" "$redis"
printf "  bare LuaJIT binding (%d calls)     %8d\n" "$bare_calls" "$bare"
python3 -c "print('  redis / luakv %.2fx   luakv / bare %.2fx   redis / bare %.2fx' % ($redis / $luakv, $luakv / $bare, $redis / $bare))"
