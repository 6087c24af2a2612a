"""uv told pip's sources: the nox sessions' environments, built by uv, install what pip would."""

import os
import sys

from finetune_docs import uvconfig

LISTED = """\
:env:.disable-pip-version-check='1'
:env:.find-links='/opt/wheels'
global.constraint='/etc/xdg/pip/constraints.txt'
global.extra-index-url='file:///opt/pypi/simple file:///opt/pypi-more/simple'
global.find-links='/elsewhere'
install.index-url='https://mirror.example/simple'
global.index-url='https://pypi.org/simple'
"""


def test_each_setting_is_taken_at_pips_precedence_variables_over_install_over_global():
    settings = uvconfig.pip_settings(LISTED)
    assert settings["find-links"] == "/opt/wheels" and settings["index-url"] == "https://mirror.example/simple"
    assert settings["extra-index-url"] == "file:///opt/pypi/simple file:///opt/pypi-more/simple"


def test_pips_sources_become_uvs_variables_with_every_index_searched_as_pip_does():
    env, problem = uvconfig.uv_environment(uvconfig.pip_settings(LISTED))
    assert problem == ""
    assert env == {"UV_INDEX_STRATEGY": "unsafe-best-match", "UV_NO_CONFIG": "1", "UV_FIND_LINKS": "/opt/wheels",
                   "UV_CONSTRAINT": "/etc/xdg/pip/constraints.txt", "UV_DEFAULT_INDEX": "https://mirror.example/simple",
                   "UV_INDEX": "file:///opt/pypi/simple file:///opt/pypi-more/simple"}


def test_several_find_links_are_joined_as_uv_reads_them():
    env, _ = uvconfig.uv_environment({"find-links": "/a\n/b"})
    assert env["UV_FIND_LINKS"] == "/a,/b"


def test_no_index_which_uv_reads_from_no_variable_keeps_pip():
    env, why = uvconfig.uv_environment({"find-links": "/a", "no-index": "true"})
    assert env == {} and "no-index" in why


def test_a_setting_uv_cannot_be_told_is_named_and_gives_no_variables():
    assert uvconfig.uv_environment({"find-links": "/a", "use-feature": "truststore"}) == (
        {}, "pip is configured with use-feature='truststore', which uv has no equivalent of")


def test_what_this_pip_reads_from_a_configuration_file_is_found(tmp_path, monkeypatch):
    config = tmp_path / "pip.conf"
    config.write_text(f"[global]\nfind-links = {tmp_path}\nconstraint = {tmp_path / 'c.txt'}\n", encoding="utf-8")
    for name in [n for n in os.environ if n.startswith("PIP_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("PIP_CONFIG_FILE", str(config))
    env, problem = uvconfig.from_pip(sys.executable)
    assert problem == "" and env["UV_FIND_LINKS"] == str(tmp_path) and env["UV_CONSTRAINT"] == str(tmp_path / "c.txt")


def test_where_pip_keeps_downloads_leaves_uv_in_charge():
    """A shell with PIP_NO_CACHE_DIR set must not make nox build the environments with pip instead."""
    env, problem = uvconfig.uv_environment({"find-links": "/a", "no-cache-dir": "1", "cache-dir": "/tmp/pip"})
    assert problem == "" and env["UV_FIND_LINKS"] == "/a"
