"""No route off loopback: not from pytest, not from a kernel, not for a DNS query."""

from __future__ import annotations

import errno
import inspect
import json
import socket
import subprocess
import sys

import nbformat
import pytest

from finetune_docs import layout
from finetune_docs.execution import network
from finetune_docs.execution.environment import kernel_environment
from finetune_docs.execution.run import execute
from finetune_docs.hub.server import LoopbackHub

OUTSIDE_NAMES = ("huggingface.co", "datasets-server.127.0.0.1")
"""A real host, and the name datasets derives from HF_ENDPOINT that an strace saw leave."""
OUTSIDE_ADDRESS = ("192.0.2.1", 443)
"""TEST-NET-1 (RFC 5737): routable nowhere, so only a timeout or a missing route can answer."""
FAST = 5.0
"""Seconds a lookup may take: a resolver that sent its query would wait for a reply for longer."""

needs_namespace = pytest.mark.skipif(
    not network.loopback_only(),
    reason="this process has a network; the nox backend sessions run pytest in a loopback-only namespace")


def probe_network(names, address, endpoint):
    """Runs in the kernel: what a cell meets when it reaches for a name, an address, the Hub."""
    import json
    import socket
    import time
    import urllib.request

    def attempt(host, port, kind):
        connection = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, kind)
        connection.settimeout(3)
        try:
            connection.connect((host, port))
            connection.send(b"\0")  # a UDP "connection" fails only when its first datagram has no route
            return "connected"
        except Exception as error:  # noqa: BLE001 - the guard's SocketBlockedError is a RuntimeError
            return f"{type(error).__name__}: {error}"
        finally:
            connection.close()

    found = {"interfaces": sorted(name for _, name in socket.if_nameindex()), "lookups": {}}
    for name in names:
        start = time.perf_counter()
        try:
            found["lookups"][name] = {"resolved": [a[4][0] for a in socket.getaddrinfo(name, 443)]}
        except socket.gaierror as error:
            found["lookups"][name] = {"errno": error.errno, "seconds": time.perf_counter() - start}
    with open("/etc/resolv.conf", encoding="utf-8") as handle:
        servers = [line.split()[1] for line in handle if line.split()[:1] == ["nameserver"]]
    found["nameservers"] = {server: attempt(server, 53, socket.SOCK_DGRAM) for server in servers}
    found["address"] = attempt(*address, socket.SOCK_STREAM)
    with urllib.request.urlopen(f"{endpoint}/api/whoami-v2", timeout=10) as response:
        found["hub"] = response.status
    print(json.dumps(found))


def probe_in_kernel(tmp_path, guard: bool) -> dict:
    hub_root = tmp_path / "hub"
    hub_root.mkdir()
    source = inspect.getsource(probe_network)
    call = f"probe_network({OUTSIDE_NAMES!r}, {OUTSIDE_ADDRESS!r}, __import__('os').environ['HF_ENDPOINT'])"
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source), nbformat.v4.new_code_cell(call)])
    with LoopbackHub(hub_root) as hub:
        env = kernel_environment(hub.endpoint, tmp_path / "home", guard=guard)
        results = execute(notebook, cwd=tmp_path, env=env, timeout=120)
    assert [r.status for r in results] == ["ok", "ok"], [r.error for r in results]
    # Its stdout: the guard also warns on stderr about each connection it refuses.
    stdout = "".join(o.get("text", "") for o in results[1].outputs if o.get("name") == "stdout")
    return json.loads(stdout)


@needs_namespace
@pytest.mark.parametrize("guard", [True, False], ids=["with-socket-guard", "namespace-alone"])
def test_a_kernel_reaches_the_loopback_hub_and_nothing_else(tmp_path, guard):
    found = probe_in_kernel(tmp_path, guard)
    assert found["interfaces"] == ["lo"]
    for name in OUTSIDE_NAMES:
        lookup = found["lookups"][name]
        # EAI_AGAIN: the query could not be sent; EAI_NONAME: nothing answered it locally.
        assert lookup.get("errno") in (socket.EAI_AGAIN, socket.EAI_NONAME), (name, lookup)
        assert lookup["seconds"] < FAST, (name, lookup)
    # The namespace answers the nameserver and an outside address with "no route"; the
    # guard, before it, refuses them (pytest-socket's SocketConnectBlockedError).
    wall = "SocketConnectBlockedError" if guard else f"OSError: [Errno {errno.ENETUNREACH}] Network is unreachable"
    assert found["nameservers"], "no nameserver in /etc/resolv.conf to prove unreachable"
    for server, outcome in found["nameservers"].items():
        assert outcome.startswith(wall), (server, outcome)
    assert found["address"].startswith(wall), found["address"]
    assert found["hub"] == 200


def test_a_command_is_confined_to_a_loopback_only_namespace(tmp_path):
    script = "from finetune_docs.execution import network; print(network.interfaces())"
    done = subprocess.run(network.confined([sys.executable, "-c", script]), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['lo']"


def test_this_machine_can_make_the_namespace():
    assert network.namespace_problem() is None


def test_a_machine_without_unshare_is_told_so_in_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(network, "loopback_only", lambda: False)
    monkeypatch.setenv("PATH", str(tmp_path))
    problem = network.namespace_problem()
    assert problem is not None and "unshare is missing" in problem and "\n" not in problem


def test_pytest_runs_with_loopback_only_exactly_where_the_network_is_loopback_only():
    done = subprocess.run([sys.executable, "-m", "pytest", "--loopback-only", "--collect-only", "-q",
                           "tests/test_backends.py"], cwd=layout.ROOT, capture_output=True, text=True)
    if network.loopback_only():
        assert done.returncode == 0, done.stdout + done.stderr
    else:
        assert done.returncode == pytest.ExitCode.USAGE_ERROR, done.stdout + done.stderr
        assert "--loopback-only: this process has network interfaces" in done.stderr
