#!/usr/bin/env bash
# EVALSHA of the check-and-set script over 100k keys: luakv through the host
# API (bench/scripting_bench) against Redis's own server-side cost
# (INFO commandstats usec_per_call after 1M pipelined EVALSHA calls from
# redis-benchmark), both measured in this run.
#   usage: bench/compare/scripting_vs_redis.sh [BUILD_DIR]
set -euo pipefail
BUILD_DIR=${1:-build}
PORT=${PORT:-6398}
N=100000
cd "$(dirname "$0")/../.."

TMP=$(mktemp -d)
trap 'redis-cli -p $PORT shutdown nosave >/dev/null 2>&1 || true; rm -rf "$TMP"' EXIT
redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no \
  --daemonize yes --logfile "$TMP/redis.log"
for _ in $(seq 50); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

# The same script as bench/scripting_bench.cc's kCheckAndSet.
SCRIPT=$(cat bench/compare/check_and_set.lua)
# Keys balance:000000000000 .. as redis-benchmark's __rand_int__ spells them.
python3 - "$PORT" "$N" <<'PY'
import socket, sys
port, n = int(sys.argv[1]), int(sys.argv[2])
s = socket.create_connection(("127.0.0.1", port))
buf = []
for i in range(n):
    k = b"balance:%012d" % i
    buf.append(b"*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$13\r\n1000000000000\r\n" % (len(k), k))
s.sendall(b"".join(buf))
need, got = 5 * n, 0
while got < need:
    got += len(s.recv(1 << 16))
PY
SHA=$(redis-cli -p "$PORT" script load "$SCRIPT")
ONE=$(redis-cli -p "$PORT" script load "return 1")
redis-cli -p "$PORT" config resetstat >/dev/null
redis-benchmark -p "$PORT" -n 1000000 -r "$N" -P 64 -q \
  evalsha "$SHA" 1 balance:__rand_int__ 3 >/dev/null
cas=$(redis-cli -p "$PORT" info commandstats | tr -d '\r' |
  sed -n 's/^cmdstat_evalsha:.*usec_per_call=\([0-9.]*\).*/\1/p')
redis-cli -p "$PORT" config resetstat >/dev/null
redis-benchmark -p "$PORT" -n 1000000 -r "$N" -P 64 -q \
  evalsha "$ONE" 1 balance:__rand_int__ 3 >/dev/null
one=$(redis-cli -p "$PORT" info commandstats | tr -d '\r' |
  sed -n 's/^cmdstat_evalsha:.*usec_per_call=\([0-9.]*\).*/\1/p')
redis-cli -p "$PORT" config resetstat >/dev/null
redis-benchmark -p "$PORT" -n 1000000 -r "$N" -P 64 -q \
  get balance:__rand_int__ >/dev/null
get=$(redis-cli -p "$PORT" info commandstats | tr -d '\r' |
  sed -n 's/^cmdstat_get:.*usec_per_call=\([0-9.]*\).*/\1/p')

"$BUILD_DIR/bench/scripting_bench" --benchmark_format=json \
  --benchmark_filter='/100000$' > "$TMP/luakv.json"
# The floor: the same script on a bare LuaJIT binding (bench/bare_binding_bench.cc).
"$BUILD_DIR/bench/bare_binding_bench" --benchmark_format=json \
  --benchmark_filter='/100000$' > "$TMP/bare.json"
# luakv's figures are CPU time (its loop's wall time also counts the time
# other processes hold the core, which Redis's per-call figure, measured
# around each command, mostly does not) and wall time, both printed.
python3 - "$TMP/luakv.json" "$TMP/bare.json" "$cas" "$one" "$get" <<'PY'
import json, sys
b = {x["name"]: x for x in json.load(open(sys.argv[1]))["benchmarks"]}
bare = json.load(open(sys.argv[2]))["benchmarks"][0]
cas, one, get = map(float, sys.argv[3:6])
rows = [("EVALSHA check-and-set", b["BM_EvalShaCheckAndSet/100000"], cas),
        ("EVALSHA return 1", b["BM_EvalShaReturn1/100000"], one),
        ("GET", b["BM_Get/100000"], get)]
print("100k keys              luakv cpu ns  luakv wall ns  redis ns (server side)  redis/luakv cpu  wall")
for name, x, r in rows:
    c, w = x["cpu_time"], x["real_time"]
    print("%-22s %12.0f %14.0f %23.0f %15.2fx %5.2fx" %
          (name, c, w, r * 1000, r * 1000 / c, r * 1000 / w))
x = b["BM_EvalShaCheckAndSet/100000"]
print("bare LuaJIT binding, check-and-set: %.0f ns cpu, %.0f ns wall; luakv / bare %.2fx cpu, %.2fx wall; redis / bare %.2fx cpu"
      % (bare["cpu_time"], bare["real_time"], x["cpu_time"] / bare["cpu_time"],
         x["real_time"] / bare["real_time"], cas * 1000 / bare["cpu_time"]))
PY
