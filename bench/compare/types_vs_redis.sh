#!/usr/bin/env bash
# Runs luakv's collection benchmarks (bench/types_bench.cc) and measures the
# same operations on a local redis-server in the same session, then prints
# luakv's figures beside Redis's server-side cost (INFO commandstats
# usec_per_call, commands sent pipelined by redis-benchmark) and memory
# (used_memory growth per element), with ratios.
#   usage: bench/compare/types_vs_redis.sh [BUILD_DIR]
# BUILD_DIR holds bench/types_bench (a Release build); PORT picks the port
# of the redis-server this script starts and stops.
set -euo pipefail
BUILD_DIR=${1:-build}
PORT=${PORT:-6398}
N=1000000
cd "$(dirname "$0")/../.."

TMP=$(mktemp -d)
trap 'redis-cli -p $PORT shutdown nosave >/dev/null 2>&1 || true; rm -rf "$TMP"' EXIT
redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no \
  --daemonize yes --logfile "$TMP/redis.log"
for _ in $(seq 50); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

# load TYPE KEYS PER_KEY [PREFIX KEYNAME]: loads KEYS collections of PER_KEY
# elements named PREFIX + 12 digits (redis-benchmark's __rand_int__ form),
# 1000 elements per command, pipelined. One collection is called KEYNAME.
load() {
  python3 - "$PORT" "$@" <<'PY'
import socket, sys
port, typ, keys, per = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
prefix = sys.argv[5].encode() if len(sys.argv) > 5 else b"m:"
keyname = sys.argv[6].encode() if len(sys.argv) > 6 else None
s = socket.create_connection(("127.0.0.1", port))
f = s.makefile("rb")
def cmd(args):
    out = b"*%d\r\n" % len(args)
    for a in args:
        out += b"$%d\r\n%s\r\n" % (len(a), a)
    return out
pending, buf = 0, []
def flush():
    global pending, buf
    s.sendall(b"".join(buf)); buf = []
    for _ in range(pending): f.readline()
    pending = 0
n = 0
for k in range(keys):
    key = keyname if keyname and keys == 1 else b"key:%d" % k
    for start in range(0, per, 1000):
        args = [{"list": b"RPUSH", "hash": b"HSET", "set": b"SADD", "zset": b"ZADD"}[typ], key]
        for i in range(start, min(per, start + 1000)):
            name = prefix + b"%012d" % n
            if typ == "zset": args.append(b"%d" % (i))
            args.append(name)
            if typ == "hash": args.append(b"v")
            n += 1
        buf.append(cmd(args)); pending += 1
        if pending == 100: flush()
flush()
PY
}
used() { redis-cli -p "$PORT" info memory | awk -F: '/^used_memory:/{print $2}' | tr -d '\r'; }

# --- Redis memory: bytes per element, 1x1M and 100k x 10, each type.
declare -A redis_mem
for typ in list hash set zset; do
  for layout in large small; do
    redis-cli -p "$PORT" flushall >/dev/null
    base=$(used)
    if [ "$layout" = large ]; then load "$typ" 1 "$N"; else load "$typ" $((N / 10)) 10; fi
    redis_mem[$typ/$layout]=$(python3 -c "print(($(used)-$base)/$N)")
  done
done

# --- Redis timings: server-side usec per call of each command.
redis-cli -p "$PORT" flushall >/dev/null
load zset 1 "$N" m: z
load hash 1 "$N" f: h
load hash 1 20 f: hs
load set 1 "$N" m: s
load list 1 "$N" m: l2
bench() {  # bench NAME CMD...: runs CMD N times, prints its usec_per_call
  local name=$1; shift
  redis-cli -p "$PORT" config resetstat >/dev/null
  redis-benchmark -p "$PORT" -n "$N" -r "$N" -P 64 -q "$@" >/dev/null 2>&1
  redis-cli -p "$PORT" info commandstats | tr -d '\r' |
    sed -n "s/^cmdstat_$name:.*usec_per_call=\([0-9.]*\).*/\1/p"
}
declare -A redis_us
redis_us[zadd]=$(bench zadd zadd z __rand_int__ m:__rand_int__)
redis_us[zrank]=$(bench zrank zrank z m:__rand_int__)
redis_us[zscore]=$(bench zscore zscore z m:__rand_int__)
redis_us[zrange]=$(bench zrange zrange z 500000 500009)
redis_us[zrangebyscore]=$(bench zrangebyscore zrangebyscore z 500000 +inf LIMIT 0 10)
redis_us[hset]=$(bench hset hset h f:__rand_int__ w)
redis_us[hget]=$(bench hget hget h f:__rand_int__)
redis_us[hgetsmall]=$(bench hget hget hs f:000000000005)
redis_us[lpush]=$(bench lpush lpush l xxx)
redis_us[lpop]=$(bench lpop lpop l)
redis_us[lindex]=$(bench lindex lindex l2 500000)
redis_us[sadd]=$(bench sadd sadd s n:__rand_int__)
redis_us[sismember]=$(bench sismember sismember s m:__rand_int__)

# --- luakv, same machine, same session.
"$BUILD_DIR/bench/types_bench" --benchmark_format=json > "$TMP/luakv.json"

{
  for k in "${!redis_us[@]}"; do echo "us $k ${redis_us[$k]}"; done
  for k in "${!redis_mem[@]}"; do echo "mem $k ${redis_mem[$k]}"; done
} > "$TMP/redis.txt"

python3 - "$TMP/luakv.json" "$TMP/redis.txt" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
redis_us, redis_mem = {}, {}
for line in open(sys.argv[2]):
    kind, k, v = line.split()
    (redis_us if kind == "us" else redis_mem)[k] = float(v)
b = {x["name"].split("/iterations")[0]: x for x in data["benchmarks"]}
rows = [
    ("ZADD (1M zset)", "BM_ZAdd1M", "zadd"),
    ("ZRANK (1M zset)", "BM_ZRank1M", "zrank"),
    ("ZSCORE (1M zset)", "BM_ZScore1M", "zscore"),
    ("ZRANGE 10 by index", "BM_ZRange1M", "zrange"),
    ("ZRANGEBYSCORE LIMIT 10", "BM_ZRangeByScore1M", "zrangebyscore"),
    ("HSET (1M hash)", "BM_HSet1M", "hset"),
    ("HGET (1M hash)", "BM_HGet1M", "hget"),
    ("HGET (20 fields)", "BM_HGetSmall", "hgetsmall"),
    ("LPUSH", "BM_LPush", "lpush"),
    ("LPOP", "BM_LPop", "lpop"),
    ("LINDEX middle (1M)", "BM_LIndexMiddle1M", "lindex"),
    ("SADD (1M set)", "BM_SAdd1M", "sadd"),
    ("SISMEMBER (1M set)", "BM_SIsMember1M", "sismember"),
]
print("%-24s %12s %14s %8s" % ("operation", "luakv us/op", "redis us/call", "ratio"))
for title, bm, rk in rows:
    l = b[bm]["real_time"] / 1000.0
    r = redis_us.get(rk, 0.0)
    print("%-24s %12.3f %14.3f %7.2fx" % (title, l, r, r / l if l else 0))
print("(luakv: Engine::Execute, reply built; redis: server-side only)")
print()
print("%-18s %10s %12s %10s %8s" % ("bytes per element", "luakv rss", "luakv acct", "redis", "ratio"))
names = {0: "list", 1: "hash", 2: "set", 3: "zset"}
for t in range(4):
    for layout, arg in (("small", 0), ("large", 1)):
        x = b["BM_BytesPerElement/%d/%d" % (t, arg)]
        r = redis_mem["%s/%s" % (names[t], layout)]
        label = "%s %s" % (names[t], "100k x 10" if layout == "small" else "1 x 1M")
        print("%-18s %10.1f %12.1f %10.1f %7.2fx" % (
            label, x["rss_bytes_per_element"], x["accounted_bytes_per_element"],
            r, r / x["rss_bytes_per_element"] if x["rss_bytes_per_element"] else 0))
print("ratio > 1: luakv is faster / smaller (memory ratio against RSS growth)")
PY
