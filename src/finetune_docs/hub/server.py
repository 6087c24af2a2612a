"""A loopback server that answers the part of the Hub's HTTP API the tutorial uses.

Selected with ``HF_ENDPOINT=http://127.0.0.1:<port>``, it lets ``load_dataset``,
``from_pretrained``, ``evaluate.load``, ``login`` and ``push_to_hub`` run their real
code paths offline. It binds 127.0.0.1 only. Requests it does not know are answered 404
and logged, so that a library upgrade that needs a new endpoint shows up by name.
"""

from __future__ import annotations

import base64
import json
import re
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from .storage import Storage, git_blob_sha

USER = "reader"
REPO = r"(?P<repo>[^/]+/[^/]+)"
KIND = r"(?P<kind>models|datasets|spaces)"
PREFIX = {"models": "", "datasets": "datasets/", "spaces": "spaces/"}
ROUTES = [
    ("resolve", rf"^/(?:(?P<kind>datasets|spaces)/)?{REPO}/resolve/(?P<rev>[^/]+)/(?P<path>.+)$"),
    ("whoami", r"^/api/whoami-v2$"),
    ("harnesses", r"^/api/agent-harnesses$"),
    ("create", r"^/api/repos/create$"),
    ("validate", r"^/api/validate-yaml$"),
    ("tree", rf"^/api/{KIND}/{REPO}/tree/(?P<rev>[^/]+)(?:/(?P<path>.*))?$"),
    ("paths", rf"^/api/{KIND}/{REPO}/paths-info/(?P<rev>[^/]+)$"),
    ("preupload", rf"^/api/{KIND}/{REPO}/preupload/(?P<rev>[^/]+)$"),
    ("commit", rf"^/api/{KIND}/{REPO}/commit/(?P<rev>[^/]+)$"),
    ("info", rf"^/api/{KIND}/{REPO}(?:/revision/(?P<rev>[^/]+))?$"),
]


class HubHandler(BaseHTTPRequestHandler):
    storage: Storage
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        if getattr(self, "_unknown", False):
            sys.stderr.write(f"[loopback hub] unknown request: {format % args}\n")

    # --- plumbing -------------------------------------------------------------------
    def _send(self, status: int, body: bytes = b"", headers: dict | None = None, head=False):
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _json(self, payload, status: int = 200):
        self._send(status, json.dumps(payload).encode(), {"Content-Type": "application/json"})

    def _error(self, status: int, code: str, message: str, head=False):
        body = json.dumps({"error": message}).encode()
        headers = {"X-Error-Code": code, "X-Error-Message": message, "Content-Type": "application/json"}
        self._send(status, body, headers, head=head)

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _route(self, method: str):
        self._unknown = False
        url = urlparse(self.path)
        path = unquote(url.path)
        query = parse_qs(url.query)
        moved = self._moved(path)
        if moved:
            # The Hub answers a renamed repository's old id with a redirect to its new one.
            location = moved + (f"?{url.query}" if url.query else "")
            return self._send(307, b"", {"Location": location}, head=method == "head")
        for name, pattern in ROUTES:
            match = re.match(pattern, path)
            if match and hasattr(self, f"{method}_{name}"):
                groups = match.groupdict()
                if "kind" in groups:
                    groups["kind"] = groups["kind"] or "models"
                try:
                    return getattr(self, f"{method}_{name}")(query=query, **groups)
                except Exception as error:  # report, don't drop the connection
                    import traceback

                    traceback.print_exc(file=sys.stderr)
                    return self._error(500, "ServerError", f"{type(error).__name__}: {error}")
        self._unknown = True
        self._error(404, "EntryNotFound", f"no such endpoint: {method.upper()} {path}", head=method == "head")

    def _moved(self, path: str) -> str:
        """Where a request naming a renamed repository's old id goes ('' if it names none)."""
        for (kind, old), new in self.storage.renamed().items():
            for form in (f"/api/{kind}/", f"/{PREFIX[kind]}"):
                if path == form + old or path.startswith(form + old + "/"):
                    return form + new + path[len(form + old):]
        return ""

    def do_GET(self):  # noqa: N802 - http.server's naming
        self._route("get")

    def do_HEAD(self):  # noqa: N802
        self._route("head")

    def do_POST(self):  # noqa: N802
        self._route("post")

    def _repo(self, kind, repo, head=False):
        found = self.storage.repo(kind, repo)
        if found is None:
            self._error(404, "RepoNotFound", f"Repository not found: {repo}", head=head)
        return found

    # --- files ----------------------------------------------------------------------
    def head_resolve(self, kind, repo, rev, path, query, head=True):
        found = self._repo(kind, repo, head=head)
        if found is None:
            return
        file = found.file(path)
        if file is None:
            return self._error(404, "EntryNotFound", f"{path} not found in {repo}", head=head)
        data = file.read_bytes()
        headers = {
            "X-Repo-Commit": found.sha(),
            "ETag": f'"{git_blob_sha(data)}"',
            "Content-Type": "application/octet-stream",
        }
        self._send(200, data, headers, head=head)

    def get_resolve(self, **kwargs):
        self.head_resolve(head=False, **kwargs)

    # --- repository information -----------------------------------------------------
    def get_info(self, kind, repo, rev, query):
        if (found := self._repo(kind, repo)) is not None:
            self._json(found.info())

    def get_tree(self, kind, repo, rev, path, query):
        if (found := self._repo(kind, repo)) is None:
            return
        entries = found.entries(path or "", recursive=query.get("recursive", ["false"])[0] == "true")
        if entries is None:
            return self._error(404, "EntryNotFound", f"{path} not found in {repo}")
        self._json(entries)

    def post_paths(self, kind, repo, rev, query):
        if (found := self._repo(kind, repo)) is None:
            return
        body = self._body()
        wanted = parse_qs(body.decode()).get("paths", []) if body[:1] != b"{" else json.loads(body)["paths"]
        listing = {e["path"]: e for e in found.entries(recursive=True)}
        self._json([listing[p] for p in wanted if p in listing])

    def get_harnesses(self, query):
        # huggingface_hub 2.x asks at start-up; a 404 means "none", a list would crash it.
        self._error(404, "EntryNotFound", "no agent harnesses on the loopback hub")

    def get_whoami(self, query):
        self._json({"type": "user", "name": USER, "fullname": "Tutorial reader", "orgs": [],
                    "auth": {"accessToken": {"displayName": "dummy", "role": "write"}}})

    # --- writing --------------------------------------------------------------------
    def post_create(self, query):
        request = json.loads(self._body() or b"{}")
        kind = (request.get("type") or "model") + "s"
        repo_id = f"{request.get('organization') or USER}/{request['name']}"
        self.storage.create(kind, repo_id)
        host = f"http://{self.headers.get('Host')}"
        self._json({"url": f"{host}/{PREFIX[kind]}{repo_id}", "name": repo_id, "id": repo_id})

    def post_validate(self, query):
        self._body()
        self._json({"errors": [], "warnings": []})

    def post_preupload(self, kind, repo, rev, query):
        request = json.loads(self._body() or b"{}")
        files = [{"path": f["path"], "uploadMode": "regular", "shouldIgnore": False, "oid": None}
                 for f in request.get("files", [])]
        self._json({"files": files, "commitOid": None})

    def post_commit(self, kind, repo, rev, query):
        if (found := self._repo(kind, repo)) is None:
            return
        summary, files, deleted = "", {}, []
        for line in self._body().decode().splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            value = item.get("value", {})
            if item.get("key") == "header":
                summary = value.get("summary", "")
            elif item.get("key") == "file":
                files[value["path"]] = base64.b64decode(value["content"])
            elif item.get("key") in ("deletedFile", "deletedFolder"):
                deleted.append(value["path"])
        sha = found.commit(summary, files, deleted)
        host = f"http://{self.headers.get('Host')}"
        self._json({"commitUrl": f"{host}/{PREFIX[kind]}{repo}/commit/{sha}", "commitOid": sha,
                    "pullRequestUrl": None})


class LoopbackHub:
    """The server in a background thread: ``with LoopbackHub(root) as hub: hub.endpoint``."""

    def __init__(self, root: Path, port: int = 0):
        handler = type("Handler", (HubHandler,), {"storage": Storage(root)})
        self.storage = handler.storage  # type: ignore[attr-defined]
        self.server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.server.daemon_threads = True
        # shutdown() waits for the loop's next poll: at the default interval, that was most of what a
        # language sharing another's run cost (`finetune-docs benchmark --part languages`).
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> LoopbackHub:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
