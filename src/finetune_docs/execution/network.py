"""The test suite's network: a namespace whose only interface is loopback.

pytest-socket's guard (``environment.GUARD``) stops a kernel's sockets from connecting off
loopback, but not the C library's resolver: ``getaddrinfo`` still sends a DNS query for a
name such as ``datasets-server.127.0.0.1`` to the machine's nameserver. So the nox backend
sessions run pytest itself in a new network namespace with nothing but loopback
(:func:`in_namespace`, as a reader's run does): the loopback Hub, pytest and every
kernel it starts share it, no packet can leave, and a lookup fails at once. The guard
stays as a second wall, and tells which cell reached out.
"""

from __future__ import annotations

import shlex
import socket
import subprocess

LOOPBACK = "lo"


def in_namespace(argv: list[str]) -> list[str]:
    """``argv`` run in a new network namespace with nothing but loopback, brought up."""
    return ["unshare", "-rn", "sh", "-c", f"ip link set lo up && exec {shlex.join(argv)}"]


def interfaces() -> list[str]:
    """This process's network interfaces, by name (those of its network namespace)."""
    return sorted(name for _, name in socket.if_nameindex())


def loopback_only() -> bool:
    return interfaces() == [LOOPBACK]


def confined(argv: list[str]) -> list[str]:
    """``argv`` run with no network but loopback; unchanged when already so confined."""
    return list(argv) if loopback_only() else in_namespace(argv)


def namespace_problem() -> str | None:
    """Why a loopback-only namespace cannot be made here, in one line; None when it can (or is one)."""
    if loopback_only():
        return None
    probe = in_namespace(["true"])
    try:
        done = subprocess.run(probe, capture_output=True, text=True)
    except FileNotFoundError as error:
        return f"{error.filename} is missing (util-linux's unshare makes the namespace)"
    if done.returncode:
        detail = " ".join(done.stderr.split()) or f"exit status {done.returncode}"
        return (f"{shlex.join(probe)} failed ({detail}); run as root, or where unprivileged user "
                "namespaces are allowed")
    return None
