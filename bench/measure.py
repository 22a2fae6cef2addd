#!/usr/bin/env python3
"""Helpers for bench/run: start-up time, admin operation times and RSS of an understudy process.

Usage:
  measure.py startup BINARY RUNS            median ms from spawn to the first 200 of /__admin/health
  measure.py admin PORT RUNS                mean ms per tenant create / reset / snapshot / restore
  measure.py rss PID                        resident set size in MB
  measure.py fill PORT PATH AUTH BODY TOTAL  POSTs BODY to PATH (4 connections) until the list at PATH has TOTAL records
"""
import http.client, json, os, socket, statistics, subprocess, sys, time


def startup(binary, runs):
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        p = subprocess.Popen([binary, "--port", "0", "--log-level", "error"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        line = p.stdout.readline()
        port = json.loads(line)["port"]
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"GET /__admin/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        head = s.recv(64)
        t1 = time.perf_counter()
        assert head.startswith(b"HTTP/1.1 200"), head
        s.close()
        p.terminate()
        p.wait()
        samples.append((t1 - t0) * 1000)
    print("%.1f" % statistics.median(samples))


def admin(port, runs):
    c = http.client.HTTPConnection("127.0.0.1", port)

    def call(method, path, body=None):
        c.request(method, path, body=None if body is None else json.dumps(body), headers={"Content-Type": "application/json"})
        r = c.getresponse()
        data = r.read()
        assert r.status < 300, (method, path, r.status, data)
        return data

    def timed(fn):
        t0 = time.perf_counter()
        for i in range(runs):
            fn(i)
        return (time.perf_counter() - t0) * 1000 / runs

    ids = ["bench-%d-%d" % (os.getpid(), i) for i in range(runs)]
    create = timed(lambda i: call("POST", "/__admin/tenants", {"id": ids[i]}))
    reset = timed(lambda i: call("POST", "/__admin/tenants/%s/reset" % ids[i]))
    snap = timed(lambda i: call("POST", "/__admin/tenants/%s/snapshots" % ids[i], {"name": "s"}))
    restore = timed(lambda i: call("POST", "/__admin/tenants/%s/restore" % ids[i], {"name": "s"}))
    delete = timed(lambda i: call("DELETE", "/__admin/tenants/%s" % ids[i]))
    print("%.2f %.2f %.2f %.2f %.2f" % (create, reset, snap, restore, delete))


def fill(port, path, auth, body, total, query=""):
    """Creates records until `total` of them match `query` (all records when empty)."""
    import threading
    c = http.client.HTTPConnection("127.0.0.1", port)
    c.request("GET", path + "?per_page=1" + ("&" + query if query else ""), headers={"Authorization": auth})
    r = c.getresponse()
    r.read()
    have = int(r.getheader("Total") or 0)
    need = max(0, total - have)
    per = [need // 4 + (1 if i < need % 4 else 0) for i in range(4)]

    def worker(n):
        conn = http.client.HTTPConnection("127.0.0.1", port)
        for _ in range(n):
            conn.request("POST", path, body=body, headers={"Authorization": auth, "Content-Type": "application/json"})
            resp = conn.getresponse()
            resp.read()
            assert resp.status == 201, resp.status

    threads = [threading.Thread(target=worker, args=(n,)) for n in per]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("%.1f" % (time.perf_counter() - t0))


def rss(pid):
    with open("/proc/%s/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                print("%.1f" % (int(line.split()[1]) / 1024))
                return


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "startup":
        startup(sys.argv[2], int(sys.argv[3]))
    elif cmd == "admin":
        admin(int(sys.argv[2]), int(sys.argv[3]))
    elif cmd == "fill":
        fill(int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6]), sys.argv[7] if len(sys.argv) > 7 else "")
    elif cmd == "rss":
        rss(sys.argv[2])
    else:
        sys.exit(__doc__)
