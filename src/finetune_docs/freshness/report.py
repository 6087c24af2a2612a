"""A freshness run's report: per backend, pinned -> newest as a Markdown table, and the same as JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


def newer(version: str, than: str) -> bool:
    """Whether ``version`` is a later release than ``than`` (a local build of the same one is not)."""
    from packaging.version import Version

    return bool(version) and Version(Version(version).public) > Version(than)


@dataclass
class Row:
    name: str
    pinned: str
    allowed: str
    """The newest the relaxed set resolves to (what was built and tested)."""
    on_index: str
    """The newest release on the index, without this machine's constraints."""
    held: str = ""
    """Why the pin is kept or bounded (holds.py)."""


@dataclass
class BackendReport:
    backend: str
    rows: list[Row] = field(default_factory=list)
    outcome: str = "not run"
    """nothing newer, passed, failed, could not build, could not resolve, resolved only."""
    detail: str = ""
    culprit: dict | None = None
    """name, version, where (page line), error (first line), when the run failed."""
    tried: list[dict] = field(default_factory=list)
    proposal: list[str] = field(default_factory=list)
    """Files the proposal wrote."""

    @property
    def upgrades(self) -> dict[str, str]:
        return {r.name: r.allowed for r in self.rows if newer(r.allowed, r.pinned)}

    @property
    def broken(self) -> bool:
        return self.outcome in ("failed", "could not build", "could not resolve")


def markdown(reports: list[BackendReport], date: str, machine: str) -> str:
    lines = [f"# Freshness run, {date}", "", *([machine, ""] if machine else [])]
    for report in reports:
        lines += [f"## {report.backend}: {report.outcome}", ""]
        if report.detail:
            lines += [report.detail, ""]
        lines += ["| package | pinned | newest allowed (tested) | newest on the index | held because |",
                  "| --- | --- | --- | --- | --- |"]
        for row in report.rows:
            allowed = f"**{row.allowed}**" if newer(row.allowed, row.pinned) else row.allowed
            held = row.held or ("kept back by the set's other requirements"
                                if newer(row.on_index, row.allowed or row.pinned) else "")
            lines.append(f"| {row.name} | {row.pinned} | {allowed or '—'} | {row.on_index or '—'} | {held} |")
        if report.culprit:
            c = report.culprit
            where = c["where"] or "no page line"
            lines += ["", f"Breaks it: **{c['name']} {c['version']}** at {where}: `{c['error']}`"]
        for tried in report.tried:
            lines.append(f"- tried {tried['name']} {tried['version']} alone: {tried['outcome']}")
        if report.proposal:
            lines += ["", "Proposal: " + ", ".join(report.proposal)]
        lines.append("")
    return "\n".join(lines)


def as_json(reports: list[BackendReport], date: str, machine: str) -> dict:
    return {"date": date, "machine": machine,
            "backends": {r.backend: asdict(r) | {"upgrades": r.upgrades} for r in reports}}
