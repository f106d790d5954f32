"""The HTTP API (Starlette, served by uvicorn). Every request names its user with a
bearer token; database work runs in a worker thread under that user's role.

GET  /changes?since=N&limit=L   rows and events after version N (410: resync from 0)
POST /push    {"rows": [...]}   200 applied + conflicts; 403 with reasons (nothing applied)
POST /events  {"events": [...]} appended once per UUID
GET  /usage?asset=ID...         team-wide totals per asset
HEAD/GET/PUT /blobs/{sha256}    attachment files, verified on arrival
GET  /whoami                    the token's user and role
GET  /health                    no token: is the service up and the database reachable
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import psycopg
import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from valuekit.server import rows
from valuekit.server.blobs import BlobRefused, BlobStore
from valuekit.server.db import Pool, User, session

MAX_JSON = 64 * 1024 * 1024


class _Refused(Exception):
    def __init__(self, result: rows.PushResult) -> None:
        super().__init__("refused")
        self.result = result


def _token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    return header[7:].strip() if header.lower().startswith("bearer ") else ""


def _error(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status)


async def _json(request: Request) -> Any:
    size = request.headers.get("content-length")
    if size is not None and int(size) > MAX_JSON:
        raise rows.BadRequest("request too large")
    try:
        return json.loads(await request.body())
    except (ValueError, UnicodeDecodeError) as exc:
        raise rows.BadRequest("body must be JSON") from exc


Work = Callable[[psycopg.Connection, User], Any]


def create_app(dsn: str, blob_root: Path, *, pool_size: int = 10) -> Starlette:
    pool = Pool(dsn, pool_size)
    blobs = BlobStore(blob_root)

    def run(token: str, work: Work, snapshot: bool = False) -> Any:
        with session(pool, token, snapshot=snapshot) as (conn, user):
            if user is None:
                return _error(401, "unknown or disabled token")
            return work(conn, user)

    async def guarded(request: Request, work: Work, snapshot: bool = False) -> Response:
        try:
            result = await run_in_threadpool(run, _token(request), work, snapshot)
        except rows.BadRequest as exc:
            return _error(400, str(exc))
        except rows.Gone as exc:
            return _error(410, str(exc), resync=True, restored=exc.restored)
        except _Refused as exc:
            return JSONResponse(exc.result.as_dict() | {"applied": []}, status_code=403)
        except psycopg.OperationalError:
            return _error(503, "the team database is not reachable")
        return result if isinstance(result, Response) else JSONResponse(result)

    async def changes(request: Request) -> Response:
        try:
            since = int(request.query_params.get("since", "0"))
            limit = min(int(request.query_params.get("limit", rows.PAGE)), 5000)
        except ValueError:
            return _error(400, "since and limit must be whole numbers")
        return await guarded(request, lambda conn, user: rows.changes(conn, since, limit), True)

    async def push(request: Request) -> Response:
        try:
            parsed = rows.parse_push(await _json(request))
        except rows.BadRequest as exc:
            return _error(400, str(exc))

        def work(conn: psycopg.Connection, user: User) -> Any:
            result = rows.push(conn, user, parsed)
            if result.refused:
                raise _Refused(result)  # leaves the transaction: nothing is applied
            return result.as_dict()
        return await guarded(request, work)

    async def events(request: Request) -> Response:
        try:
            parsed = rows.parse_events(await _json(request))
        except rows.BadRequest as exc:
            return _error(400, str(exc))
        return await guarded(request, lambda conn, user: rows.add_events(conn, user, parsed))

    async def usage(request: Request) -> Response:
        ids = request.query_params.getlist("asset")
        return await guarded(request, lambda conn, user: {"totals": rows.usage_totals(conn, ids)})

    async def blob(request: Request) -> Response:
        sha = request.path_params["sha"]
        try:
            path = blobs.path(sha)
        except BlobRefused as exc:
            return _error(400, str(exc))
        authorised = await guarded(request, lambda conn, user: {"user": user.name})
        if authorised.status_code != 200:
            return authorised
        if request.method in ("GET", "HEAD"):
            if not path.is_file():
                return Response(status_code=404)
            if request.method == "HEAD":
                return Response(headers={"content-length": str(path.stat().st_size)})
            return FileResponse(path, media_type="application/octet-stream")
        incoming = blobs.begin(sha)
        try:
            async for chunk in request.stream():
                incoming.write(chunk)
            size = incoming.finish()
        except BlobRefused as exc:
            incoming.abort()
            return _error(422, str(exc))
        except BaseException:  # the client went away mid-upload: keep nothing
            incoming.abort()
            raise

        def record(conn: psycopg.Connection, user: User) -> Any:
            conn.execute("INSERT INTO vk_blobs(sha256, size, uploaded_by) VALUES (%s,%s,%s)"
                         " ON CONFLICT (sha256) DO NOTHING", (sha, size, user.name))
            return {"sha256": sha, "size": size}
        return await guarded(request, record)

    async def whoami(request: Request) -> Response:
        return await guarded(request, lambda conn, user: {"name": user.name, "role": user.role})

    async def health(request: Request) -> Response:
        def ping() -> None:
            with pool.connection() as conn:
                conn.execute("SELECT 1")
        try:
            await run_in_threadpool(ping)
        except psycopg.Error:
            return _error(503, "the team database is not reachable")
        return JSONResponse({"ok": True})

    routes = [
        Route("/changes", changes, methods=["GET"]),
        Route("/push", push, methods=["POST"]),
        Route("/events", events, methods=["POST"]),
        Route("/usage", usage, methods=["GET"]),
        Route("/blobs/{sha}", blob, methods=["GET", "HEAD", "PUT"]),
        Route("/whoami", whoami, methods=["GET"]),
        Route("/health", health, methods=["GET"]),
    ]
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        pool.close()

    return Starlette(routes=routes, lifespan=lifespan)


def serve(dsn: str, blob_root: Path, host: str, port: int) -> None:
    """Run the service in the foreground until interrupted."""
    uvicorn.run(create_app(dsn, blob_root), host=host, port=port, log_level="info")

