"""Reading an HTTP request body without trusting its headers: never more than a cap.

``Content-Length`` must be one plain decimal number (no sign, no ``5_000``, no two
different values); a chunked body is read chunk by chunk and refused once it passes the
cap. At most ``cap`` (+ a chunk-size line) bytes are ever read into memory.
"""

from __future__ import annotations

import re

_LENGTH = re.compile(r"[0-9]{1,18}")
_CHUNK_SIZE = re.compile(rb"([0-9A-Fa-f]{1,16})[ \t]*(;[^\r\n]*)?\r?\n")


class BodyError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def read_body(headers, rfile, cap: int) -> bytes:
    """The request body, or :class:`BodyError` with the HTTP status to answer (400/411/413/501)."""
    encodings = [e.strip().lower() for v in headers.get_all("Transfer-Encoding") or () for e in v.split(",")]
    lengths = headers.get_all("Content-Length") or []
    if encodings:
        if encodings != ["chunked"]:
            raise BodyError(
                501,
                f"Transfer-Encoding '{', '.join(encodings)}' is not supported; send the body "
                "with Content-Length or chunked",
            )
        if lengths:
            raise BodyError(400, "a request cannot have both Content-Length and Transfer-Encoding")
        return _read_chunked(rfile, cap)
    if not lengths:
        raise BodyError(411, "a POST needs a Content-Length header (or Transfer-Encoding: chunked)")
    values = {v.strip() for v in lengths}
    if len(values) != 1 or not _LENGTH.fullmatch(next(iter(values))):
        raise BodyError(
            400, f"bad Content-Length '{', '.join(lengths)[:40]}': it must be one number of bytes, 0 or more"
        )
    length = int(next(iter(values)))
    if length > cap:
        raise BodyError(413, f"the request body is larger than {cap} bytes, the most this endpoint reads")
    body = rfile.read(length)
    if len(body) < length:
        raise BodyError(400, f"the body ended after {len(body)} of the {length} bytes its Content-Length announced")
    return body


def _read_chunked(rfile, cap: int) -> bytes:
    parts, size = [], 0
    while True:
        line = rfile.readline(80)
        m = _CHUNK_SIZE.fullmatch(line)
        if not m:
            raise BodyError(400, "bad chunked body: a chunk does not start with its size in hex")
        n = int(m.group(1), 16)
        if n == 0:
            break
        size += n
        if size > cap:
            raise BodyError(413, f"the request body is larger than {cap} bytes, the most this endpoint reads")
        chunk = rfile.read(n)
        if len(chunk) < n or rfile.readline(3).rstrip(b"\r\n") != b"":
            raise BodyError(400, "bad chunked body: a chunk is shorter than its size")
        parts.append(chunk)
    for _ in range(64):  # trailer fields, then the blank line
        line = rfile.readline(8192)
        if line in (b"\r\n", b"\n", b""):
            return b"".join(parts)
    raise BodyError(400, "bad chunked body: too many trailer fields")
