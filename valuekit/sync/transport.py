"""HTTP to the team server with the standard library only (urllib): JSON in and out,
a bearer token, timeouts, and errors the sync engine can act on."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from valuekit.errors import ValueKitError
from valuekit.i18n import msg

TIMEOUT = 60
CHUNK = 1 << 20


class SyncError(ValueKitError):
    """The server could not be used as asked (bad token, refused, broken answer)."""


class Offline(SyncError):
    """The server cannot be reached: work goes on locally and syncs later."""


@dataclass
class Response:
    status: int
    body: Any


class Transport:
    def __init__(self, server: str, token: str, timeout: float = TIMEOUT) -> None:
        if not server.startswith(("http://", "https://")):
            raise SyncError(msg("the server address must start with http:// or https://, got {server}", server=server))
        self.server = server.rstrip("/")
        self.token = token
        self.timeout = timeout

    def _request(self, method: str, path: str, data: bytes | None = None,
                 headers: dict[str, str] | None = None) -> urllib.request.Request:
        request = urllib.request.Request(self.server + path, data=data, method=method)
        request.add_header("Authorization", f"Bearer {self.token}")
        for key, value in (headers or {}).items():
            request.add_header(key, value)
        return request

    def _open(self, request: urllib.request.Request) -> Response:
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                raw = answer.read()
                return Response(answer.status, json.loads(raw) if raw else None)
        except urllib.error.HTTPError as exc:
            raw = exc.read()
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = None
            if exc.code == 401:
                raise SyncError("the server does not accept this token (ask for a new one)") from exc
            if exc.code in (400, 403, 404, 409, 410, 422):
                return Response(exc.code, body)
            raise Offline(msg("the server answered {status}; try again later", status=exc.code)) from exc
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            raise Offline(msg("cannot reach the team server {server}: {reason}", server=self.server, reason=getattr(exc, "reason", exc))) from exc
        except ValueError as exc:
            raise Offline(msg("the server sent a broken answer: {exc}", exc=exc)) from exc

    def get(self, path: str, **params: Any) -> Response:
        query = ("?" + urllib.parse.urlencode(params, doseq=True)) if params else ""
        return self._open(self._request("GET", path + query))

    def post(self, path: str, payload: Any) -> Response:
        data = json.dumps(payload, ensure_ascii=False, allow_nan=False).encode("utf-8")
        return self._open(self._request("POST", path, data, {"Content-Type": "application/json"}))

    def has_blob(self, sha: str) -> bool:
        return self._open(self._request("HEAD", f"/blobs/{sha}")).status == 200

    def put_blob(self, sha: str, path: Path) -> Response:
        size = path.stat().st_size
        with path.open("rb") as fh:  # streamed: urllib reads the file as it sends
            request = self._request("PUT", f"/blobs/{sha}", fh,  # type: ignore[arg-type]
                                    {"Content-Type": "application/octet-stream",
                                     "Content-Length": str(size)})
            return self._open(request)

    def get_blob(self, sha: str, target: Path) -> None:
        """Download to a temporary name beside ``target``; the caller verifies and renames."""
        with target.open("wb") as out:
            self.read_blob(sha, out.write)

    def read_blob(self, sha: str, sink: Callable[[bytes], object]) -> None:
        """Stream the file's bytes into ``sink`` chunk by chunk (the caller hashes and
        writes them, and may stop by raising from ``sink``)."""
        try:
            with urllib.request.urlopen(self._request("GET", f"/blobs/{sha}"),
                                        timeout=self.timeout) as answer:
                while chunk := answer.read(CHUNK):
                    sink(chunk)
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                raise SyncError(msg("the server does not have the file {sha}", sha=sha)) from exc
            raise Offline(msg("the server answered {status}; try again later", status=exc.code)) from exc
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            raise Offline(msg("cannot reach the team server {server}: {reason}", server=self.server, reason=getattr(exc, "reason", exc))) from exc
