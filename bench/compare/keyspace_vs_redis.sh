#!/usr/bin/env bash
# Runs luakv's keyspace benchmarks and measures the same operations on a local
# redis-server in the same session, then prints luakv's figures as ratios of
# Redis's server-side cost (INFO commandstats usec_per_call) and memory
# (used_memory per key).
#   usage: bench/compare/keyspace_vs_redis.sh [BUILD_DIR]
set -euo pipefail
BUILD_DIR=${1:-build}
PORT=${PORT:-6399}
N=1000000
cd "$(dirname "$0")/../.."

TMP=$(mktemp -d)
trap 'redis-cli -p $PORT shutdown nosave >/dev/null 2>&1 || true; rm -rf "$TMP"' EXIT
redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no \
  --daemonize yes --logfile "$TMP/redis.log"
for _ in $(seq 50); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

# --- Redis: load 1M small keys, read used_memory, then time commands.
base=$(redis-cli -p "$PORT" info memory | awk -F: '/^used_memory:/{print $2}' | tr -d '\r')
python3 - "$PORT" "$N" <<'PY'
import socket, sys
port, n = int(sys.argv[1]), int(sys.argv[2])
s = socket.create_connection(("127.0.0.1", port))
batch = []
for i in range(n):
    k, v = b"key:%d" % i, b"value-%d" % i
    batch.append(b"*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n" % (len(k), k, len(v), v))
    if len(batch) == 10000:
        s.sendall(b"".join(batch)); batch = []
        need = 10000 * 5
        got = 0
        while got < need:
            got += len(s.recv(65536))
if batch:
    s.sendall(b"".join(batch))
    need, got = len(batch) * 5, 0
    while got < need:
        got += len(s.recv(65536))
PY
used=$(redis-cli -p "$PORT" info memory | awk -F: '/^used_memory:/{print $2}' | tr -d '\r')
redis_bpk=$(python3 -c "print(($used-$base)/$N)")

redis-cli -p "$PORT" config resetstat >/dev/null
redis-benchmark -p "$PORT" -n 1000000 -r 1000000 -P 64 -q -t get,set >/dev/null
redis-benchmark -p "$PORT" -n 1000000 -r 1000000 -P 64 -q incrby key:__rand_int__ 3 >/dev/null 2>&1 || true
stats=$(redis-cli -p "$PORT" info commandstats | tr -d '\r')
usec() { echo "$stats" | sed -n "s/^cmdstat_$1:.*usec_per_call=\([0-9.]*\).*/\1/p"; }
redis_get=$(usec get); redis_set=$(usec set); redis_incrby=$(usec incrby)
# A full SCAN ... COUNT 1000 iteration; Redis's server-side total from
# commandstats (usec), so client round trips are not counted.
redis-cli -p "$PORT" config resetstat >/dev/null
python3 - "$PORT" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
f = s.makefile("rb")
cursor = b"0"
while True:
    s.sendall(b"*4\r\n$4\r\nSCAN\r\n$%d\r\n%s\r\n$5\r\nCOUNT\r\n$4\r\n1000\r\n" % (len(cursor), cursor))
    f.readline()                      # *2
    f.readline(); cursor = f.readline().strip()
    n = int(f.readline()[1:])
    for _ in range(n):
        f.readline(); f.readline()
    if cursor == b"0":
        break
PY
scan_usec=$(redis-cli -p "$PORT" info commandstats | tr -d '\r' |
  sed -n 's/^cmdstat_scan:.*usec=\([0-9]*\),.*/\1/p')
redis_scan_ms=$(python3 -c "print($scan_usec/1000)")

# --- luakv, same machine, same session.
"$BUILD_DIR/bench/keyspace_bench" --benchmark_format=json \
  --benchmark_filter='BM_(Get|Set|IncrBy)/1000000|BM_ScanFull1M|BM_BytesPerKey1M' \
  > "$TMP/luakv.json"

python3 - "$TMP/luakv.json" "$redis_get" "$redis_set" "$redis_incrby" "$redis_scan_ms" "$redis_bpk" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
rg, rs, ri, rscan, rbpk = map(float, sys.argv[2:7])
b = {x["name"].split("/iterations")[0]: x for x in data["benchmarks"]}
def ns(name): return b[name]["real_time"] if b[name]["time_unit"] == "ns" else None
rows = [
  ("GET (1M keys)", ns("BM_Get/1000000") / 1000, rg),
  ("SET (1M keys)", ns("BM_Set/1000000") / 1000, rs),
  ("INCRBY (1M keys)", ns("BM_IncrBy/1000000") / 1000, ri),
]
print("%-20s %14s %14s %10s" % ("operation", "luakv us/op", "redis us/call", "ratio"))
for name, l, r in rows:
    print("%-20s %14.3f %14.3f %9.2fx" % (name, l, r, r / l if l else 0))
scan = b["BM_ScanFull1M"]["real_time"]
print("%-20s %14.1f %14.1f %9.2fx   (ms per full iteration, COUNT 1000; Redis server-side total)" % ("SCAN 1M full", scan, rscan, rscan / scan))
bpk = b["BM_BytesPerKey1M"]
print("%-20s %14.1f %14.1f %9.2fx   (heap growth per key; engine accounting %.1f; Redis: used_memory growth)" % ("bytes per key", bpk["heap_bytes_per_key"], rbpk, rbpk / bpk["heap_bytes_per_key"], bpk["accounted_bytes_per_key"]))
print("ratio > 1: luakv is faster / smaller")
PY
