"""The review editor's local web server (Flask on Werkzeug, bound to 127.0.0.1).

Every request must carry the session's random token (`?token=` or the `X-Review-Token` header)
and a loopback `Host` (against DNS rebinding); anything else gets 403. No request names a
file: the server reads and writes only the JSONL it was started on and, for exports, the
files named after it beside it. Each edit is saved at once, atomically, before the answer.
"""
from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
from datetime import datetime, timezone
from html import escape
from importlib.resources import files
from pathlib import Path

from flask import Flask, Response, abort, jsonify, request
from werkzeug.serving import make_server

from ..errors import AlignError, InputError
from ..formats.atomic import write_all
from . import edits
from .export import is_xml, load, name_of, render_exports
from .model import Review, ReviewUnit, render_jsonl

ASSETS = files(__package__) / "assets"
_MIME = {"editor.js": "text/javascript", "editor.css": "text/css"}
EXPORTS = ("tmx", "align", "html")


class Conflict(Exception):
    """The edit was made on an out-of-date view (another tab or program changed the file)."""


class Session:
    """One JSONL under review: its undo history, a revision number, the file's last known state."""

    def __init__(self, path: Path):
        self.path = path
        self.name = name_of(path)
        self.lock = threading.Lock()
        self.revision = 0
        self._load()

    def _load(self) -> None:
        if is_xml(self.path.read_bytes()[:512]):  # edits are saved as JSONL: never over an InterText file
            raise InputError(f"{self.path}: an InterText file; review its JSONL (align export {self.path.name} --to jsonl)")
        self.history = edits.History(load(self.path))
        self.stamp = self._stat()
        self.lines: dict = {}  # render_jsonl's cache of encoded units

    def _stat(self) -> tuple[int, int, int]:
        info = os.stat(self.path)
        return info.st_mtime_ns, info.st_size, info.st_ino

    def state(self) -> dict:
        with self.lock:
            if self._stat() != self.stamp:  # changed by another program: start again from the file
                self._load()
                self.revision += 1
            review = self.history.present
            return {**self._meta(), "level": review.level, "name": self.name,
                    "units": [unit_json(review, u) for u in review.units]}

    def edit(self, revision: int, op: dict) -> dict:
        with self.lock:
            self._check(revision)
            return self._commit(self.history.do(apply(self.history.present, op)))

    def undo(self, revision: int) -> dict:
        with self.lock:
            self._check(revision)
            return self._commit(self.history.undo())

    def redo(self, revision: int) -> dict:
        with self.lock:
            self._check(revision)
            return self._commit(self.history.redo())

    def export(self) -> list[str]:
        with self.lock:
            outputs = render_exports(self.history.present, self.path.parent, self.name, EXPORTS)
            write_all(outputs)
            return [p.name for p in outputs]

    def _check(self, revision: int) -> None:
        if revision != self.revision:
            raise Conflict("this alignment was changed in another tab or window: reload the page to see it")
        if self._stat() != self.stamp:
            raise Conflict(f"{self.path.name} was changed by another program: reload the page")

    def _commit(self, history: edits.History) -> dict:
        before, after = self.history.present.units, history.present.units
        write_all({self.path: render_jsonl(history.present, self.lines)})
        self.history, self.stamp = history, self._stat()
        self.revision += 1
        start, end_before, end_after = changed_range(before, after)
        return {**self._meta(), "start": start, "end": end_before,
                "units": [unit_json(history.present, u) for u in after[start:end_after]]}

    def _meta(self) -> dict:
        return {"revision": self.revision, "can_undo": bool(self.history.past),
                "can_redo": bool(self.history.future), "total": len(self.history.present.units)}


def apply(review: Review, op: dict) -> Review:
    """Run one edit described by the page's request."""
    time = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
    kind, k = op.get("op"), op.get("unit")
    if kind == "merge":
        return edits.merge(review, k - 1 if op.get("with") == "previous" and isinstance(k, int) else k, time)
    if kind == "split":
        edits.check_unit(review, k)
        zh_at, en_at = op.get("zh_at"), op.get("en_at")
        if zh_at is None or en_at is None:
            zh_at, en_at = edits.default_split(review.units[k])
        if not all(isinstance(v, int) for v in (zh_at, en_at)):
            raise edits.EditError("split points must be numbers")
        return edits.split(review, k, zh_at, en_at, time)
    if kind == "shift":
        return edits.shift(review, k, op.get("side"), op.get("direction"), time)
    if kind == "status":
        return edits.set_status(review, k, op.get("status"), time)
    if kind == "text":
        segment, text = op.get("segment"), op.get("text")
        if not isinstance(segment, int) or not isinstance(text, str):
            raise edits.EditError("a text edit needs a segment number and a text")
        return edits.edit_text(review, op.get("side"), segment, text, time)
    raise edits.EditError(f"unknown edit {kind!r}")


def changed_range(before: tuple, after: tuple) -> tuple[int, int, int]:
    """`before[start:end_before]` became `after[start:end_after]` (units are compared by identity)."""
    start = 0
    limit = min(len(before), len(after))
    while start < limit and before[start] is after[start]:
        start += 1
    tail = 0
    while tail < limit - start and before[-1 - tail] is after[-1 - tail]:
        tail += 1
    return start, len(before) - tail, len(after) - tail


def unit_json(review: Review, unit: ReviewUnit) -> dict:
    zh, en = review.texts(unit)
    return {"zh": [[i, t] for i, t in zip(unit.zh, zh)], "en": [[j, t] for j, t in zip(unit.en, en)],
            "score": unit.score, "label": unit.label, "doubtful": unit.doubtful, "status": unit.status,
            "edited": unit.edited}


def create_app(session: Session, token: str) -> Flask:
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = 1 << 20  # an edit is a few hundred bytes
    app.json.ensure_ascii = False  # Chinese as UTF-8, half the bytes of \u escapes
    app.json.sort_keys = False

    @app.before_request
    def _guard():
        given = request.args.get("token") or request.headers.get("X-Review-Token") or ""
        host = (request.host or "").rsplit(":", 1)[0]
        if host not in ("127.0.0.1", "localhost") or not secrets.compare_digest(given, token):
            abort(403)

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.get("/")
    def page():
        html = (ASSETS / "page.html").read_text(encoding="utf-8")
        html = html.replace("{{title}}", escape(session.name)).replace("{{token}}", escape(token))
        return Response(html, mimetype="text/html")

    @app.get("/assets/<name>")
    def asset(name: str):
        if name not in _MIME:  # a fixed list: no path from the request reaches the file system
            abort(404)
        return Response((ASSETS / name).read_text(encoding="utf-8"), mimetype=_MIME[name])

    @app.get("/api/state")
    def state():
        try:
            return jsonify(session.state())
        except InputError as error:  # the file was replaced by something that is not an alignment
            return jsonify(error=str(error), conflict=True), 409

    @app.post("/api/<action>")
    def act(action: str):
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            return jsonify(error="expected a JSON object"), 400
        revision = body.get("revision")
        try:
            if action == "edit":
                return jsonify(session.edit(revision, body))
            if action in ("undo", "redo"):
                return jsonify(getattr(session, action)(revision))
            if action == "export":
                return jsonify(written=session.export(), folder=str(session.path.parent))
        except (Conflict, InputError) as conflict:
            return jsonify(error=str(conflict), conflict=True), 409
        except edits.EditError as error:
            return jsonify(error=str(error)), 422
        abort(404)

    return app


def _check_port(port: int) -> None:
    """A usage error if the port cannot be listened on (werkzeug prints two lines and exits 1)."""
    if port:
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will
            try:
                probe.bind(("127.0.0.1", port))
            except OSError as err:
                raise AlignError(f"cannot listen on 127.0.0.1:{port} ({err.strerror}): give another --port "
                                 "(0: any free port)") from None


def serve(session: Session, port: int = 0, ready=print) -> None:
    """Serve the editor on 127.0.0.1 until interrupted; `ready(url)` is called once it listens."""
    token = secrets.token_urlsafe(24)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request (nor the token) on the terminal
    _check_port(port)
    server = make_server("127.0.0.1", port, create_app(session, token), threaded=True)
    ready(f"http://127.0.0.1:{server.server_port}/?token={token}")
    try:
        server.serve_forever()
    finally:
        server.server_close()
