"""Plain HTTP requests for endpoint tests: any headers (even wrong ones), any loopback source address."""

from __future__ import annotations

import contextlib
import http.client
import socket
import urllib.parse


def request(
    base: str,
    path: str,
    *,
    method: str = "GET",
    body: bytes | None = None,
    headers: dict | None = None,
    source: str = "127.0.0.1",
    timeout: float = 30,
):
    """(status, headers, body) of one request from ``source`` (another 127.x address is another client)."""
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout, source_address=(source, 0))
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.headers, resp.read()
    finally:
        conn.close()


def raw(base: str, data: bytes, *, timeout: float = 30) -> tuple[int, bytes]:
    """Send ``data`` as it is (a hand-written request) and return (status, body) of the answer."""
    url = urllib.parse.urlsplit(base)
    with socket.create_connection((url.hostname, url.port), timeout=timeout) as s:
        # The server may answer and close before reading everything: then read its answer.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            s.sendall(data)
        chunks = []
        try:
            while chunk := s.recv(65536):
                chunks.append(chunk)
        except ConnectionResetError:
            pass
    answer = b"".join(chunks)
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body
