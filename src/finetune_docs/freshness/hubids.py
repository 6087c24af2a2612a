"""Every Hub repository id the pages use, and whether a Hub endpoint still serves each.

The ids are read from the pages' code (``load_dataset("…")``, ``….from_pretrained("…")``,
``evaluate.load("…")``, with ``revision=`` where pinned), so a page that names a new
repository is checked without a list to keep. A renamed repository answers its old id with a
redirect (or, followed, with another ``id``): the page still works today and breaks the day
the old name is taken; a missing one breaks it now.
"""

from __future__ import annotations

import ast
import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

from .. import layout
from ..pages.parse import read

KINDS = {"load_dataset": "datasets", "from_pretrained": "models", "load": "spaces"}
"""The call that names a repository -> its kind (``load``: ``evaluate.load``, a metric Space)."""
METRIC_OWNER = "evaluate-metric"
"""Where ``evaluate.load("accuracy")`` looks: the Space ``evaluate-metric/accuracy``."""
REDIRECTS = (301, 302, 307, 308)
MISSING = (401, 403, 404)
"""The Hub answers an id it does not have with 401 to an anonymous client, 404 otherwise."""


@dataclass(frozen=True)
class HubId:
    kind: str
    """models, datasets or spaces, as the Hub's API names them."""
    repo_id: str
    revision: str = ""
    where: tuple[str, ...] = field(default=(), compare=False)
    """``page:line`` of each use."""


@dataclass(frozen=True)
class Status:
    hub_id: HubId
    state: str
    """ok, renamed, missing, or error (the endpoint could not be asked)."""
    detail: str = ""
    """The new id where renamed; the Hub's message otherwise."""


def _name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        if func.attr == "load" and not (isinstance(func.value, ast.Name) and func.value.id == "evaluate"):
            return ""
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _string(node: ast.AST | None, names: dict[str, str]) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return names.get(node.id, "") if isinstance(node, ast.Name) else ""


def ids_in_code(code: str, names: dict[str, str]) -> list[tuple[str, str, str, int]]:
    """(kind, id, revision, line in the code) of each call naming a repository; ``names`` gathers
    the string constants the code assigns, for a later cell's call that names one."""
    plain = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in code.splitlines())
    try:
        tree = ast.parse(plain)
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if value := _string(node.value, {}):
                names[node.targets[0].id] = value
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and (kind := KINDS.get(_name(node)))):
            continue
        first = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg in (
            "path", "pretrained_model_name_or_path", "repo_id")), None)
        repo = _string(first, names)
        if not repo:
            continue
        if kind == "spaces" and "/" not in repo:
            repo = f"{METRIC_OWNER}/{repo}"
        revision = next((_string(k.value, names) for k in node.keywords if k.arg == "revision"), "")
        found.append((kind, repo, revision, node.lineno))
    return found


def page_ids(pages: list[Path] | None = None) -> list[HubId]:
    """Every (kind, id, revision) the pages use, with where; in order of first use."""
    pages = pages if pages is not None else [p for lang in layout.languages() for p in layout.pages(lang)]
    seen: dict[tuple[str, str, str], list[str]] = {}
    for path in pages:
        page, names = read(path), dict[str, str]()
        for cell in page.cells:
            if cell.kind != "code":
                continue
            for kind, repo, revision, line in ids_in_code(cell.source, names):
                seen.setdefault((kind, repo, revision), []).append(f"{page.name}:{cell.line + line}")
    return [HubId(kind, repo, revision, tuple(where)) for (kind, repo, revision), where in seen.items()]


class _Stay(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # a redirect is the answer, not a hop
        return None


def _api_path(hub_id: HubId) -> str:
    path = f"/api/{hub_id.kind}/{hub_id.repo_id}"
    return path + (f"/revision/{quote(hub_id.revision, safe='')}" if hub_id.revision else "")


def _moved_to(location: str, hub_id: HubId) -> str:
    path = urlsplit(location).path
    prefix = f"/api/{hub_id.kind}/"
    rest = path[len(prefix):] if path.startswith(prefix) else path.lstrip("/").removeprefix(
        "datasets/").removeprefix("spaces/")
    return "/".join(rest.split("/revision/")[0].split("/")[:2])


def check_id(hub_id: HubId, endpoint: str, token: str = "", timeout: float = 30) -> Status:
    """Ask the endpoint's API for the repository (at its revision), following no redirect."""
    request = urllib.request.Request(endpoint.rstrip("/") + _api_path(hub_id),
                                     headers={"Authorization": f"Bearer {token}"} if token else {})
    try:
        with urllib.request.build_opener(_Stay).open(request, timeout=timeout) as answer:
            served = json.load(answer).get("id", hub_id.repo_id)
    except urllib.error.HTTPError as error:
        if error.code in REDIRECTS:
            return Status(hub_id, "renamed", _moved_to(error.headers.get("Location", ""), hub_id))
        message = error.headers.get("X-Error-Message") or error.reason
        return Status(hub_id, "missing" if error.code in MISSING else "error", f"HTTP {error.code}: {message}")
    except (urllib.error.URLError, OSError, ValueError) as error:
        return Status(hub_id, "error", f"{type(error).__name__}: {getattr(error, 'reason', error)}")
    if served != hub_id.repo_id:
        return Status(hub_id, "renamed", served)
    return Status(hub_id, "ok")


def check_all(endpoint: str, ids: list[HubId] | None = None, token: str = "") -> list[Status]:
    return [check_id(hub_id, endpoint, token) for hub_id in (ids if ids is not None else page_ids())]


def markdown(statuses: list[Status], endpoint: str) -> str:
    lines = [f"## Hub ids ({endpoint})", "", "| kind | id | revision | state | first used |",
             "| --- | --- | --- | --- | --- |"]
    for status in statuses:
        state = status.state + (f": {status.detail}" if status.detail else "")
        hub_id = status.hub_id
        lines.append(f"| {hub_id.kind} | `{hub_id.repo_id}` | {hub_id.revision or '—'} | {state} | "
                     f"{hub_id.where[0] if hub_id.where else ''} |")
    return "\n".join(lines) + "\n"


def broken(statuses: list[Status]) -> bool:
    return any(s.state != "ok" for s in statuses)
