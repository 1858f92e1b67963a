"""The `luakv` REPL and `luakv eval` against redis-cli talking to a real
redis-server 7.0: the same input must print the same output.

Run by ctest with Debian's python3 and LUAKV_BIN pointing at the binary."""

import os
import pty
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

LUAKV = os.environ.get("LUAKV_BIN", "luakv")
HAVE_REDIS = shutil.which("redis-server") and shutil.which("redis-cli")

# Commands whose replies are deterministic and that luakv implements. Each
# run starts from an empty keyspace on both sides.
SESSION = r"""
set a 1
get a
get nokey
incr a
incrbyfloat f 1.5
foo bar
set "x y" "a\x41\n"
get "x y"
set 'it\'s' "quote\"d"
get 'it\'s'
set a "b
set a "b"c
mset k1 v1 k2 v2 k3 v3
mget k1 k2 nokey k3
append k1 "-more"
getrange k1 0 3
strlen k1
exists a k1 nokey
type a
type nokey
del k2 nokey
keys nomatch*
object encoding a
setex tmp 100 v
ttl tmp
persist tmp
ttl tmp
select 2
set z 1
dbsize
select 0
dbsize
config get databases
config get nosuch
config set databases 4
debug protocol string
debug protocol integer
debug protocol double
debug protocol null
debug protocol array
debug protocol set
debug protocol map
debug protocol verbatim
debug protocol true
hello 3
config get databases
config get nosuch
mget k1 nokey
debug protocol map
debug protocol set
debug protocol double
debug protocol true
debug protocol null
hello 2
3 incr counter
ping
ping "hello world"
echo "with\ttab"
command count x
command getkeys set a b
command getkeys mset a 1 b 2
command info nosuch
client getname
client setname repl
client getname
lcs k1 k3
eval "return {1, 'two', {3}}" 0
eval "return redis.call('get', KEYS[1])" 1 a
eval "return redis.error_reply('MY fault')" 0
eval "return {1, redis.error_reply('E nested'), 3}" 0
"""

def normalize(out):
    """HELLO shows each client's id; the rest must match byte for byte."""
    out = re.sub(rb'(4# "id" => \(integer\) )\d+', rb"\1ID", out)
    out = re.sub(rb"(\n 8\) \(integer\) )\d+", rb"\1ID", out)
    out = re.sub(rb"(^|\n)id \d+\n", rb"\1id ID\n", out)
    out = re.sub(rb"(\nid\n)\d+\n", rb"\1ID\n", out)
    return out


@unittest.skipUnless(HAVE_REDIS, "no redis-server/redis-cli")
class ReplMatchesRedisCli(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.redis = harness.start_redis("--enable-debug-command", "yes")

    @classmethod
    def tearDownClass(cls):
        cls.redis.stop()

    def run_both(self, text, *flags):
        subprocess.run(["redis-cli", "-p", str(self.redis.port), "FLUSHALL"],
                       check=True, capture_output=True)
        theirs = subprocess.run(["redis-cli", "-p", str(self.redis.port), *flags],
                                input=text, capture_output=True, timeout=60)
        ours = subprocess.run([LUAKV, *flags], input=text, capture_output=True,
                              timeout=60)
        self.assertEqual(ours.returncode, 0, ours.stderr)
        return normalize(ours.stdout), normalize(theirs.stdout)

    def assertSameLines(self, ours, theirs):
        # Line by line, so a failure points at the command.
        self.assertEqual(ours.split(b"\n"), theirs.split(b"\n"))

    def test_piped_output_is_raw_like_redis_cli(self):
        ours, theirs = self.run_both(SESSION.encode())
        self.assertSameLines(ours, theirs)

    def test_no_raw_formats_like_a_terminal(self):
        ours, theirs = self.run_both(SESSION.encode(), "--no-raw")
        self.assertSameLines(ours, theirs)

    def test_raw_flag(self):
        ours, theirs = self.run_both(b"mset a 1 b 2\nmget a nokey b\nget nokey\n"
                                     b"incr a\n", "--raw")
        self.assertSameLines(ours, theirs)

    def test_quit_stops_reading(self):
        ours, theirs = self.run_both(b"set a 1\nquit\nget a\n")
        self.assertEqual(ours, b"OK\n")
        self.assertSameLines(ours, theirs)


@unittest.skipUnless(HAVE_REDIS, "no redis-server/redis-cli")
class EvalMatchesRedisCli(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.redis = harness.start_redis()
        cls.tmp = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls):
        cls.redis.stop()
        cls.tmp.cleanup()

    def write(self, name, text):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def run_both(self, script, args, *flags):
        subprocess.run(["redis-cli", "-p", str(self.redis.port), "FLUSHALL"],
                       check=True, capture_output=True)
        theirs = subprocess.run(["redis-cli", "-p", str(self.redis.port), *flags,
                                 "--eval", script, *args],
                                capture_output=True, timeout=60)
        ours = subprocess.run([LUAKV, "eval", *flags, script, *args],
                              capture_output=True, timeout=60)
        return ours, theirs

    def test_keys_and_args_split_at_the_comma(self):
        script = self.write("keys.lua",
                            "redis.call('SET', KEYS[1], ARGV[1])\n"
                            "return {KEYS[1], KEYS[2], ARGV[1], ARGV[2], #KEYS, #ARGV,"
                            " redis.call('GET', KEYS[1])}\n")
        for flags in ((), ("--no-raw",)):
            ours, theirs = self.run_both(script, ["k1", "k2", ",", "a1", "a2"], *flags)
            self.assertEqual(ours.returncode, 0, ours.stderr)
            self.assertEqual(ours.stdout, theirs.stdout)

    def test_no_comma_means_keys_only(self):
        script = self.write("count.lua", "return {#KEYS, #ARGV}")
        ours, theirs = self.run_both(script, ["a", "b", "c"])
        self.assertEqual(ours.stdout, theirs.stdout)
        self.assertEqual(ours.stdout, b"3\n0\n")

    def test_error_reply_exits_non_zero(self):
        script = self.write("fail.lua", "return redis.error_reply('ERR broken')")
        ours, theirs = self.run_both(script, [])
        self.assertEqual(ours.returncode, 1)
        self.assertEqual(ours.stdout, theirs.stdout)

    def test_load_file_preloads_data(self):
        data = self.write("data.txt", "# accounts\nSET balance:1 100\n\n"
                          "SET \"name with space\" 'v'\n")
        script = self.write("spend.lua",
                            "return {redis.call('DECRBY', KEYS[1], ARGV[1]),"
                            " redis.call('GET', 'name with space')}")
        out = subprocess.run([LUAKV, "eval", "--load", data, script, "balance:1",
                              ",", "30"], capture_output=True, timeout=60)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stdout, b"70\nv\n")

    def test_load_file_error_names_the_line(self):
        data = self.write("bad.txt", "SET a 1\nINCR nokey extra\n")
        script = self.write("noop.lua", "return 1")
        out = subprocess.run([LUAKV, "eval", "--load", data, script],
                             capture_output=True, timeout=60)
        self.assertEqual(out.returncode, 1)
        self.assertIn(b"bad.txt:2: ERR wrong number of arguments for 'incr' command",
                      out.stderr)

    def test_missing_script_file(self):
        out = subprocess.run([LUAKV, "eval", "/nonexistent/x.lua"],
                             capture_output=True, timeout=60)
        self.assertEqual(out.returncode, 1)
        self.assertIn(b"cannot open", out.stderr)


class InteractiveRepl(unittest.TestCase):
    """The REPL on a terminal: prompt, database in the prompt, history."""

    def test_prompt_follows_the_selected_database(self):
        home = tempfile.TemporaryDirectory()
        pid, fd = pty.fork()
        if pid == 0:
            os.environ["HOME"] = home.name
            os.environ["TERM"] = "dumb"
            os.execv(LUAKV, [LUAKV])
        try:
            def read_until(marker, timeout=10):
                buf = b""
                deadline = time.time() + timeout
                while marker not in buf:
                    left = deadline - time.time()
                    if left <= 0:
                        self.fail("no %r in %r" % (marker, buf))
                    r, _, _ = select.select([fd], [], [], left)
                    if r:
                        buf += os.read(fd, 4096)
                return buf

            banner = read_until(b"luakv> ")
            self.assertIn(b'Type "help"', banner)
            os.write(fd, b"select 2\r")
            self.assertIn(b"OK", read_until(b"luakv[2]> "))
            os.write(fd, b"set k v\r")
            read_until(b"luakv[2]> ")
            os.write(fd, b"get k\r")
            self.assertIn(b'"v"', read_until(b"luakv[2]> "))
            os.write(fd, b"quit\r")
            _, status = os.waitpid(pid, 0)
            self.assertEqual(os.waitstatus_to_exitcode(status), 0)
            with open(os.path.join(home.name, ".luakv_history")) as f:
                history = f.read()
            # libedit's format escapes spaces as \\040.
            self.assertIn("select\\0402", history)
        finally:
            os.close(fd)
            home.cleanup()


if __name__ == "__main__":
    unittest.main(verbosity=2)
