"""The recorded snapshot covers every package of every runtime: read from PyPI, or listed with why not."""

import pytest

from finetune_docs.colab import snapshot as recorder
from finetune_docs.colab.environment import SNAPSHOT, installed_metadata, snapshot
from finetune_docs.colab.snapshot import wanted_installed
from finetune_docs.runtimes import RUNTIMES


@pytest.mark.parametrize("runtime", [r for r in RUNTIMES.values() if r.packages], ids=lambda r: r.name)
def test_every_preinstalled_package_has_metadata_or_a_reason(runtime):
    absent = snapshot().get("not_on_index", {})
    missing = [f"{name}=={version}" for name, version in runtime.installed().items()
               if installed_metadata(name, version) is None and f"{name}=={version.split('+')[0]}" not in absent]
    assert missing == [], (f"{runtime.packages}: no recorded metadata for {len(missing)} packages: rerun "
                           "`python -m finetune_docs.colab.snapshot --installed`")
    assert all(absent[pin] for pin in absent)


def test_what_the_recorder_asks_for_is_what_requires_json_lacks():
    wanted = wanted_installed()
    assert "numpy==2.0.2" in wanted  # 2026.07's numpy; requires.json has the current runtime's
    assert all(pin in snapshot()["installed"] or pin in snapshot()["not_on_index"] for pin in wanted)


def test_help_records_nothing(capsys):
    before = SNAPSHOT.read_bytes()
    with pytest.raises(SystemExit) as stop:
        recorder.main(["--help"])
    assert stop.value.code == 0 and "--installed" in capsys.readouterr().out
    assert SNAPSHOT.read_bytes() == before


def test_a_recording_that_fails_leaves_the_recorded_snapshot(tmp_path, monkeypatch):
    """The resolutions read a half-made file; when they fail, the committed one comes back."""
    path = tmp_path / "snapshot.json"
    path.write_text('{"recorded": "then"}\n')
    monkeypatch.setattr(recorder, "SNAPSHOT", path)
    monkeypatch.setattr(recorder, "installed_section", lambda: ({}, {}))

    def unreachable(*args):
        raise OSError("PyPI is unreachable")

    monkeypatch.setattr(recorder, "_resolve", unreachable)
    with pytest.raises(OSError, match="unreachable"):
        recorder.main([])
    assert path.read_text() == '{"recorded": "then"}\n'
