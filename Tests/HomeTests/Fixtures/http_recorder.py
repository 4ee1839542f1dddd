#!/usr/bin/env python3
"""A tiny HTTP server for the http plugin tests (Python standard library only).

Usage: http_recorder.py LOG
Listens on 127.0.0.1 on a port the OS picks and prints that port as the first line of stdout.
Each request is appended to LOG as one JSON line: {"method","path","headers","body"}.
Exits when its standard input closes. Answers by path: /status/<code> -> that status with body "error <code>"; /slow -> 200 after 3 s;
anything else -> 200 with body {}.
"""
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOG = sys.argv[1]


class Handler(BaseHTTPRequestHandler):
    def answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8")
        with open(LOG, "a", encoding="utf-8") as log:
            log.write(json.dumps({
                "method": self.command,
                "path": self.path,
                "headers": {key.lower(): value for key, value in self.headers.items()},
                "body": body,
            }) + "\n")
        status, reply = 200, b"{}"
        if self.path.startswith("/status/"):
            status = int(self.path.split("/")[2])
            reply = f"error {status}".encode()
        elif self.path.startswith("/slow"):
            time.sleep(3)
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = answer

    def log_message(self, *args):
        pass


def exit_when_stdin_closes():
    sys.stdin.read()
    os._exit(0)


threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
