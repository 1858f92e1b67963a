"""Starts `luakv serve` and redis-server on free loopback ports for the tool
tests, and speaks raw RESP to them."""

import os
import shutil
import socket
import subprocess
import tempfile
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, proc, timeout=10.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError("server exited with %d" % proc.returncode)
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2) as s:
                s.sendall(b"PING\r\n")
                if s.recv(64):
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("server on port %d did not come up" % port)


class Server:
    """A process serving RESP on a free port; stop() ends it."""

    def __init__(self, argv, port):
        self.port = port
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        try:
            wait_for_port(port, self.proc)
        except Exception:
            self.stop()
            raise

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def alive(self):
        return self.proc.poll() is None


def start_luakv(luakv, *extra):
    port = free_port()
    return Server([luakv, "serve", "--port", str(port), "--quiet", *extra],
                  port)


def start_redis(*extra):
    """A real redis-server 7.0, or None when it is not installed."""
    binary = shutil.which("redis-server")
    if binary is None:
        return None
    port = free_port()
    return Server([binary, "--port", str(port), "--bind", "127.0.0.1",
                   "--save", "", "--appendonly", "no", *extra], port)


class Raw:
    """A raw socket client: send bytes, read what comes back."""

    def __init__(self, port, timeout=5.0):
        self.sock = socket.create_connection(("127.0.0.1", port),
                                             timeout=timeout)

    def send(self, data):
        self.sock.sendall(data)

    def read_until_closed(self, timeout=5.0):
        """Everything the server sends until it closes the connection; raises
        if it stays open longer than `timeout`."""
        self.sock.settimeout(timeout)
        out = b""
        while True:
            chunk = self.sock.recv(65536)
            if not chunk:
                return out
            out += chunk

    def read_exactly(self, n, timeout=5.0):
        self.sock.settimeout(timeout)
        out = b""
        while len(out) < n:
            chunk = self.sock.recv(n - len(out))
            if not chunk:
                raise EOFError("closed after %r" % out)
            out += chunk
        return out

    def read_available(self, wait=0.3):
        """What arrives within `wait` seconds; the connection stays open."""
        self.sock.settimeout(wait)
        out = b""
        try:
            while True:
                chunk = self.sock.recv(65536)
                if not chunk:
                    break
                out += chunk
        except socket.timeout:
            pass
        return out

    def close(self):
        self.sock.close()


class Client:
    """redis-py's connection without its reply callbacks: replies come back
    as RESP2 parses them (COMMAND rows stay nested lists)."""

    def __init__(self, port):
        import redis
        self.conn = redis.Connection(port=port)
        self.conn.connect()

    def call(self, *args):
        self.conn.send_command(*args)
        return self.conn.read_response()

    def close(self):
        self.conn.disconnect()


def command(port, *args):
    c = Client(port)
    try:
        return c.call(*args)
    finally:
        c.close()


def encode(*args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        if isinstance(a, str):
            a = a.encode()
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)
