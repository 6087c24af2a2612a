"""The Hub ids the pages use, checked against the loopback Hub with a renamed and a missing repository."""

import json
import shutil

import pytest

from finetune_docs import layout
from finetune_docs.freshness.hubids import HubId, broken, check_all, check_id, ids_in_code, markdown, page_ids
from finetune_docs.hub.server import LoopbackHub
from finetune_docs.hub.storage import RENAMED
from finetune_docs.standins import FILES


@pytest.fixture
def hub(tmp_path):
    root = tmp_path / "hub"
    shutil.copytree(FILES, root)
    with LoopbackHub(root) as server:
        yield server, root


def test_every_page_names_the_three_repositories_and_where():
    found = {(i.kind, i.repo_id, i.revision): i.where for i in page_ids()}
    assert set(found) == {("datasets", "Yelp/yelp_review_full", ""), ("models", "google-bert/bert-base-cased", ""),
                          ("spaces", "evaluate-metric/accuracy", "")}
    where = found[("datasets", "Yelp/yelp_review_full", "")]
    assert {w.split(":")[0] for w in where} == {f"docs/{lang}/index.md" for lang in layout.languages()}
    page, line = where[0].split(":")
    assert "load_dataset(" in (layout.ROOT / page).read_text().splitlines()[int(line) - 1]  # DATASET_ID's call


def test_calls_variables_revisions_and_magics_are_read():
    names = {}
    code = ('%pip install x\ncheckpoint = "org/model"\nm = AutoModel.from_pretrained(checkpoint, revision="v1")\n'
            'd = load_dataset(path="imdb")\nmetric = evaluate.load("f1")\nother.load("not/a-repo")\n')
    assert ids_in_code(code, names) == [("models", "org/model", "v1", 3), ("datasets", "imdb", "", 4),
                                        ("spaces", "evaluate-metric/f1", "", 5)]
    assert ids_in_code("model = AutoModel.from_pretrained(checkpoint)", names) == [("models", "org/model", "", 1)]


def test_the_pages_ids_all_resolve_on_the_stand_in_hub(hub):
    server, _ = hub
    statuses = check_all(server.endpoint)
    assert [s.state for s in statuses] == ["ok"] * 3 and not broken(statuses)


def test_a_renamed_repository_is_reported_with_its_new_id(hub):
    server, root = hub
    (root / RENAMED).write_text(json.dumps({"datasets/yelp_review_full": "Yelp/yelp_review_full"}))
    status = check_id(HubId("datasets", "yelp_review_full"), server.endpoint)
    assert (status.state, status.detail) == ("renamed", "Yelp/yelp_review_full")
    # At a revision too, and the new id itself still resolves.
    assert check_id(HubId("datasets", "yelp_review_full", "main"), server.endpoint).detail == "Yelp/yelp_review_full"
    assert check_id(HubId("datasets", "Yelp/yelp_review_full"), server.endpoint).state == "ok"


def test_a_missing_repository_is_reported_with_the_hubs_message(hub):
    server, root = hub
    shutil.rmtree(root / "models" / "google-bert" / "bert-base-cased")
    statuses = check_all(server.endpoint)
    states = {s.hub_id.repo_id: (s.state, s.detail) for s in statuses}
    assert states["google-bert/bert-base-cased"] == (
        "missing", "HTTP 404: Repository not found: google-bert/bert-base-cased")
    assert states["Yelp/yelp_review_full"] == ("ok", "") and broken(statuses)
    assert "| models | `google-bert/bert-base-cased` | — | missing: HTTP 404" in markdown(statuses, server.endpoint)


def test_an_unreachable_endpoint_is_an_error_not_a_pass():
    status = check_id(HubId("models", "google-bert/bert-base-cased"), "http://127.0.0.1:9", timeout=5)
    assert status.state == "error"
