"""The loopback Hub answers the Hub's HTTP API for real clients, on 127.0.0.1 only."""

import json
import shutil
import urllib.error
import urllib.request

import pytest

from finetune_docs.hub.server import LoopbackHub
from finetune_docs.hub.storage import git_blob_sha
from finetune_docs.standins.build import FILES, MODEL


@pytest.fixture
def hub(tmp_path):
    shutil.copytree(FILES, tmp_path / "hub")
    with LoopbackHub(tmp_path / "hub") as server:
        yield server


def request(hub, path, method="GET"):
    try:
        with urllib.request.urlopen(urllib.request.Request(hub.endpoint + path, method=method)) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_binds_loopback_only(hub):
    assert hub.server.server_address[0] == "127.0.0.1"


def test_resolve_serves_files_with_the_hub_headers(hub):
    status, headers, body = request(hub, "/google-bert/bert-base-cased/resolve/main/config.json")
    assert status == 200 and json.loads(body)["model_type"] == "bert"
    assert headers["ETag"] == f'"{git_blob_sha(body)}"'
    assert len(headers["X-Repo-Commit"]) == 40 and int(headers["Content-Length"]) == len(body)
    status, headers, body = request(hub, "/google-bert/bert-base-cased/resolve/main/config.json", "HEAD")
    assert status == 200 and body == b""


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("/google-bert/bert-base-cased/resolve/main/nope.json", "EntryNotFound"),
        ("/nobody/nothing/resolve/main/config.json", "RepoNotFound"),
        ("/api/models/google-bert/bert-base-cased/tree/main/additional_chat_templates", "EntryNotFound"),
        ("/api/agent-harnesses", "EntryNotFound"),
    ],
)
def test_missing_things_are_404_with_the_hub_error_code(hub, path, code):
    status, headers, _ = request(hub, path)
    assert (status, headers["X-Error-Code"]) == (404, code)


def test_dataset_tree_lists_the_parquet_files(hub):
    status, _, body = request(hub, "/api/datasets/Yelp/yelp_review_full/tree/main?recursive=true")
    paths = {entry["path"] for entry in json.loads(body)}
    assert status == 200
    assert {"README.md", "yelp_review_full/train-00000-of-00001.parquet"} <= paths


def test_huggingface_hub_client_can_read_and_push(hub, monkeypatch, tmp_path):
    from huggingface_hub import HfApi, hf_hub_download

    monkeypatch.setenv("HF_HOME", str(tmp_path / "home"))
    api = HfApi(endpoint=hub.endpoint, token="hf_dummy")
    assert api.model_info("google-bert/bert-base-cased").sha
    path = hf_hub_download("google-bert/bert-base-cased", "vocab.txt", endpoint=hub.endpoint,
                           cache_dir=tmp_path / "cache", token="hf_dummy")
    assert open(path, encoding="utf-8").readline() == "[PAD]\n"

    url = api.create_repo("my-model", exist_ok=True)
    assert url.repo_id == "reader/my-model"
    api.upload_file(path_or_fileobj=b"hello", path_in_repo="notes.txt", repo_id="reader/my-model",
                    commit_message="Add notes")
    commits = hub.storage.commits("models", "reader/my-model")
    assert [(c["summary"], c["files"]) for c in commits] == [("Add notes", ["notes.txt"])]
    assert (tmp_path / "hub" / "models" / "reader" / "my-model" / "notes.txt").read_bytes() == b"hello"


def test_commit_changes_the_revision(hub):
    repo = hub.storage.repo("models", MODEL.removeprefix("models/"))
    before = repo.sha()
    repo.commit("touch", {"extra.txt": b"x"}, [])
    assert repo.sha() != before


def test_a_renamed_repository_redirects_from_its_old_id(hub, tmp_path):
    import http.client

    (tmp_path / "hub" / "renamed.json").write_text(json.dumps({"datasets/yelp_review_full": "Yelp/yelp_review_full"}))
    connection = http.client.HTTPConnection(*hub.server.server_address[:2])
    connection.request("HEAD", "/datasets/yelp_review_full/resolve/main/README.md?x=1")
    answer = connection.getresponse()
    assert (answer.status, answer.headers["Location"]) == (
        307, "/datasets/Yelp/yelp_review_full/resolve/main/README.md?x=1")
    connection.close()
    status, _, body = request(hub, "/api/datasets/yelp_review_full")
    assert status == 200 and json.loads(body)["id"] == "Yelp/yelp_review_full"  # urllib followed the redirect
