"""A real HTTP server on 127.0.0.1 for end-to-end tests and benchmarks: routes with pages and faults."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})
    delay: float = 0.0  # seconds before answering
    drop: bool = False  # close the connection without answering
    trickle: float = 0.0  # seconds between chunks of the body
    mode: str = ""  # reset | endless | length_longer | length_shorter (a lying Content-Length) | slow_headers
    # | drip (the body one byte per `trickle` seconds, with its Content-Length)


class Site:
    """Routes: path -> Reply, a list of Replies served in turn (the last one repeats), or a callable."""

    def __init__(self, latency: float = 0.0):
        self.routes: dict[str, Reply | list[Reply] | Callable[[], Reply]] = {}
        self.hits: dict[str, int] = {}
        self.latency = latency
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None

    def page(self, path: str, body: bytes | str, **headers: str) -> None:
        data = body.encode() if isinstance(body, str) else body
        etag = headers.pop("etag", None)
        hdrs = {"Content-Type": "text/html; charset=utf-8", **headers}
        if etag:
            hdrs["ETag"] = etag
        self.routes[path] = Reply(200, data, hdrs)

    def reply_for(self, path: str) -> Reply:
        with self.lock:
            n = self.hits.get(path, 0)
            self.hits[path] = n + 1
            route = self.routes.get(path)
            if route is None:
                return Reply(404, b"not found", {"Content-Type": "text/plain"})
            if isinstance(route, list):
                return route[min(n, len(route) - 1)]
            return route() if callable(route) else route

    def start(self, address: str = "127.0.0.1") -> str:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                path = self.path.split("?")[0]
                reply = site.reply_for(path)
                if site.latency:
                    time.sleep(site.latency)
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.drop:
                    self.connection.shutdown(socket.SHUT_RDWR)
                    self.connection.close()
                    return
                if reply.mode:
                    return self.misbehave(reply)
                etag = reply.headers.get("ETag")
                if etag and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(reply.status)
                for k, v in reply.headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                if reply.trickle:
                    for i in range(0, len(reply.body), 10):
                        self.wfile.write(reply.body[i : i + 10])
                        self.wfile.flush()
                        time.sleep(reply.trickle)
                else:
                    self.wfile.write(reply.body)

            def misbehave(self, reply):
                body = reply.body
                if reply.mode in ("slow_headers", "drip"):
                    head = (
                        f"HTTP/1.1 {reply.status} OK\r\n"
                        + "".join(f"{k}: {v}\r\n" for k, v in reply.headers.items())
                        + f"Content-Length: {len(body)}\r\n\r\n"
                    ).encode()
                    deadline = time.monotonic() + 60
                    try:
                        if reply.mode == "slow_headers":
                            for i in range(len(head)):
                                if time.monotonic() > deadline:
                                    return
                                self.wfile.write(head[i : i + 1])
                                self.wfile.flush()
                                time.sleep(reply.trickle)
                            self.wfile.write(body)
                        else:
                            self.wfile.write(head)
                            for i in range(len(body)):
                                if time.monotonic() > deadline:
                                    return
                                self.wfile.write(body[i : i + 1])
                                self.wfile.flush()
                                time.sleep(reply.trickle)
                    except OSError:
                        pass
                    self.close_connection = True
                    return
                self.send_response(reply.status)
                for k, v in reply.headers.items():
                    self.send_header(k, v)
                if reply.mode == "endless":
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    chunk = b"<p>" + b"more text " * 1000 + b"</p>"
                    frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
                    deadline = time.monotonic() + 30
                    try:
                        while time.monotonic() < deadline:
                            self.wfile.write(frame)
                    except OSError:
                        pass
                    return
                declared = {"length_longer": len(body) * 2, "length_shorter": len(body) // 2, "reset": len(body)}[
                    reply.mode
                ]
                self.send_header("Content-Length", str(declared))
                self.end_headers()
                if reply.mode == "length_shorter":
                    self.wfile.write(body)  # more than declared: the client reads only what was declared
                    return
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                if reply.mode == "reset":  # abort with RST
                    import struct

                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
                self.close_connection = True

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                pass  # clients that hang up (timeouts, faults under test) are expected here

        self.server = Server((address, 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()
