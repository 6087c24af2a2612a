"""Execute a notebook cell by cell in a kernel of the current environment.

Everything that runs tutorial cells goes through :func:`execute`, so that a cache of
results (one run shared by several languages, say) can wrap this single function.
Execution stops at the first cell that fails; later cells are reported as not run,
never as passed.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

CELL_TIMEOUT = 600
"""Seconds one cell may run before it fails, unless a caller says otherwise."""
SKIP_TAG = "install"
"""Cells with this tag install packages; tests run in an environment nox already built, and
a reader's run (``reader.py``) runs them apart, in a kernel of their own."""
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass
class CellResult:
    index: int
    status: str
    """"ok", "error", "timeout", "dead-kernel", "not-run" (an earlier cell failed) or
    "skipped" (an install cell)."""
    text: str = ""
    """What the cell printed and returned, as a reader would see it in a terminal."""
    error: str = ""
    seconds: float = 0.0
    outputs: list = field(default_factory=list)


def output_text(outputs) -> str:
    """Streams and text/plain results in order, progress-bar redraws collapsed."""
    parts = []
    for output in outputs:
        if output.get("output_type") == "stream":
            parts.append(output.get("text", ""))
        elif output.get("output_type") in ("execute_result", "display_data"):
            data = output.get("data", {})
            # A plot's text is its fallback (``<Figure size 500x400 with 1 Axes>``): a reader sees the image.
            if any(kind.startswith("image/") for kind in data):
                continue
            plain = data.get("text/plain")
            if plain and not plain.startswith(("HBox(", "<IPython.core.display.HTML")):
                parts.append(plain.rstrip("\n") + "\n")
        elif output.get("output_type") == "error":
            parts.append(f"{output.get('ename')}: {output.get('evalue')}\n")
    lines = ANSI.sub("", "".join(parts)).split("\n")
    # A progress bar redraws its line after "\r"; a terminal's "\r\n" (pip's) is a plain line end.
    return "\n".join(line.rstrip("\r").rsplit("\r", 1)[-1] for line in lines)


def _error_text(outputs) -> str:
    for output in outputs:
        if output.get("output_type") == "error":
            return ANSI.sub("", "\n".join(output.get("traceback", [])))
    return ""


def execute(notebook: nbformat.NotebookNode, *, cwd: Path, env: dict, timeout: int,
            kernel_name: str = "python3") -> list[CellResult]:
    """Run every code cell of ``notebook`` in order, in a kernel of the kernelspec
    ``kernel_name`` (by default the current environment's); one result per code cell."""
    client = NotebookClient(
        notebook, timeout=timeout, kernel_name=kernel_name, allow_errors=False,
        resources={"metadata": {"path": str(cwd)}}, record_timing=False,
    )
    code = [(i, c) for i, c in enumerate(notebook.cells) if c.cell_type == "code"]
    results: list[CellResult] = []
    stop = None
    with client.setup_kernel(env=env, cwd=str(cwd)):
        for index, cell in code:
            if stop is not None:
                results.append(CellResult(index, "not-run", error=stop))
                continue
            if SKIP_TAG in cell.metadata.get("tags", []):
                results.append(CellResult(index, "skipped", error="install cell: nox installed the environment"))
                continue
            start = time.perf_counter()
            status, error = "ok", ""
            try:
                client.execute_cell(cell, index)
            except CellTimeoutError:
                status, error = "timeout", f"still running after {timeout} s (per-cell limit)"
            except DeadKernelError as exc:
                status, error = "dead-kernel", f"the kernel died: {exc}"
            except CellExecutionError:
                status, error = "error", _error_text(cell.outputs)
            seconds = time.perf_counter() - start
            results.append(CellResult(index, status, output_text(cell.outputs), error, seconds, list(cell.outputs)))
            if status != "ok":
                # Said in page lines by the caller that knows the page (causes.py).
                stop = f"not run: an earlier cell ended with {status}"
    return results
