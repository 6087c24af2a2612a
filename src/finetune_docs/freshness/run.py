"""The freshness run: per backend, pinned -> newest, that environment built and tested, and then
the proposal (all passed) or the single upgrade that breaks a page (``finetune-docs freshness``).

Exit status: 0 when every backend's newest set passes (or nothing is newer), 1 when one breaks
(or cannot be resolved or installed), 2 when the run cannot start here (no uv).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import layout
from . import build, culprit, propose, resolve
from .holds import HOLDS
from .options import add_arguments, command  # noqa: F401  (command: the CLI's entry, also run.command)
from .relax import Pin, parse_pins, relaxed
from .report import BackendReport, Row, as_json, markdown

PYTHON = "3.11"
"""The backend sessions' Python (noxfile.py)."""
EVERY_BACKEND = ("tests/test_tutorial.py", "tests/test_determinism.py")
"""What every backend's session runs (noxfile.py): its notebooks in all four languages, and a fresh run of one."""


@dataclass(frozen=True)
class ReleaseTarget:
    name: str
    requirements: Path
    tests: build.TestCommand
    no_deps: tuple[str, ...] = ()
    holds: dict[str, tuple[str, str]] = field(default_factory=dict)
    python: str = PYTHON
    extra: tuple[str, ...] = ()
    """Installed beside the pins (the project, with its test extra)."""
    cwd: Path | None = None


def target(name: str, pytest_args: tuple[str, ...] = ()) -> ReleaseTarget:
    """A backend's target: its requirements, holds, and its session's tests, confined to loopback
    (``pytest_args`` added: ``--language en -x`` for a quicker, narrower run)."""
    from ..backends import BACKENDS
    from ..execution.network import confined

    backend = BACKENDS[name]

    def tests(python: Path) -> list[str]:
        return confined([str(python), "-m", "pytest", "--loopback-only", "--backend", name, *EVERY_BACKEND,
                         *backend.own_tests, *pytest_args])

    return ReleaseTarget(name, backend.requirements, tests, backend.no_deps, HOLDS.get(name, {}),
                  extra=("-e", f"{layout.ROOT}[test]"), cwd=layout.ROOT)


def pins_of(path: Path) -> list[Pin]:
    lines = [line.split("#")[0].strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return parse_pins([line for line in lines if line], str(path))


def run_backend(target: ReleaseTarget, env: dict[str, str], workdir: Path, *, resolve_only: bool = False,
                write: bool = False) -> BackendReport:
    report = BackendReport(target.name)
    pins = pins_of(target.requirements)
    wanted = relaxed(pins, target.holds)
    plain = [w for w, p in zip(wanted, pins, strict=True) if p.name not in target.no_deps]
    bare = [w for w, p in zip(wanted, pins, strict=True) if p.name in target.no_deps]
    try:
        newest = resolve.newest(plain, bare, target.python, env)
    except resolve.ResolveError as error:
        report.outcome, report.detail = "could not resolve", f"`{' '.join(wanted)}`: {error}"
        return report
    report.rows = [Row(p.name, p.version, newest.get(p.name, ""), resolve.newest_release(p.name, target.python, env),
                       target.holds.get(p.name, ("", ""))[1]) for p in pins]
    if not report.upgrades:
        report.outcome = "nothing newer"
        return report
    if resolve_only:
        report.outcome = "resolved only"
        return report

    def attempt(label: str, chosen: dict[str, str]) -> build.Result:
        return build.attempt(workdir / target.name / label, chosen, target.no_deps, target.python, env,
                             target.tests, target.extra, target.cwd)

    result = attempt("newest", newest)
    if result.passed:
        report.outcome = "passed"
        if write and propose.write(target.requirements, report.upgrades):
            report.proposal.append(str(target.requirements))
        return report
    if not result.built:
        report.outcome, report.detail = "could not build", result.error
        return report
    report.outcome = "failed"
    report.detail = f"the newest set fails at {result.where or 'no page line'}: `{result.error}`"
    pinned = {p.name: p.version for p in pins}
    # An upgrade is to blame only where the pinned set itself passes here.
    baseline = attempt("pinned", pinned)
    if not baseline.passed:
        report.detail += (f"; the pinned set fails too, at {baseline.where or 'no page line'}: `{baseline.error}`: "
                          "no upgrade is to blame")
        return report
    found = culprit.find(pinned, newest, lambda chosen: attempt(
        "with-" + next(n for n in chosen if chosen[n] != pinned[n]), chosen))
    report.tried = [{"name": n, "version": v, "outcome": "passes" if r.passed else
                     ("cannot be installed alone: " + r.error if not r.built else f"fails at {r.where}: {r.error}")}
                    for n, v, r in found.tried]
    if found.culprit:
        c = found.culprit
        report.culprit = {"name": c.name, "version": c.version, "where": c.result.where, "error": c.result.error}
    return report


def main_args(args, targets: list[ReleaseTarget] | None = None, env: dict[str, str] | None = None) -> int:
    """The run; ``targets`` and ``env`` (uv's sources) default to the backends and this machine's pip's."""
    from ..backends import BACKENDS
    from ..uvconfig import from_pip

    env, why = (env, "") if env is not None else from_pip()
    if why:
        print(f"finetune-docs freshness: uv cannot be told this machine's pip configuration: {why}", file=sys.stderr)
        return 2
    try:
        resolve.uv()
    except resolve.ResolveError as error:
        print(f"finetune-docs freshness: {error}", file=sys.stderr)
        return 2
    date = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="freshness-"))
    targets = targets if targets is not None else [] if args.no_releases else [
        target(name, tuple(args.pytest)) for name in (args.backend or list(BACKENDS))]
    reports = [run_backend(t, env, workdir, resolve_only=args.resolve_only, write=args.propose) for t in targets]
    note = "" if not targets else resolve.machine_note(env) + (
        f" The tutorial tests ran with `{' '.join(args.pytest)}` added." if args.pytest else "")
    text, data = markdown(reports, date, note), as_json(reports, date, note)
    failed = any(r.broken for r in reports)
    if args.propose and any(r.proposal for r in reports) and not failed:
        written, problems = propose.remake_notebooks(layout.ROOT)
        text += "\n" + "\n".join(f"- remade {p}" for p in written) + "\n"
        failed |= bool(problems)
    text, data, failed = extras(args, text, data, failed)
    print(text)
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(data, indent=2, default=str) + "\n", encoding="utf-8")
    return 1 if failed else 0


def extras(args, text: str, data: dict, failed: bool) -> tuple[str, dict, bool]:
    """Colab's next runtime and the Hub ids, where asked for."""
    if args.backend_info:
        from ..colab.environment import SimulationError
        from . import colabnext

        try:
            changes, touched = colabnext.compare_runtimes(args.backend_info)
        except (colabnext.BackendInfoError, SimulationError) as error:
            text += f"\n## Colab's next runtime\n\n{error}\n"
            return text, data, True
        text += "\n" + colabnext.markdown(changes, touched, args.backend_info)
        data["colab"] = {"touched": touched, "changes": [c.__dict__ for c in changes]}
        failed |= colabnext.anything(changes)
    if args.hub_endpoint:
        from . import hubids

        statuses = hubids.check_all(args.hub_endpoint, token=os.environ.get("HF_TOKEN", ""))
        text += "\n" + hubids.markdown(statuses, args.hub_endpoint)
        data["hub"] = [{"kind": s.hub_id.kind, "id": s.hub_id.repo_id, "revision": s.hub_id.revision,
                        "state": s.state, "detail": s.detail, "where": list(s.hub_id.where)} for s in statuses]
        failed |= hubids.broken(statuses)
    return text, data, failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="finetune-docs freshness", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    return main_args(parser.parse_args(argv))

