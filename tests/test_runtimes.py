"""The runtime registry and Colab's package lists it reads."""

import pytest

from finetune_docs.runtimes import RUNTIMES, get, lowest_shipped


def test_colab_lists_carry_their_frameworks_at_the_published_versions():
    gpu = RUNTIMES["colab-current-gpu"].installed()
    assert (gpu["torch"], gpu["tensorflow"], gpu["tf-keras"], gpu["numpy"]) == ("2.11.0+cu128", "2.20.0", "2.20.1",
                                                                                 "2.1.3")
    assert RUNTIMES["colab-current-cpu"].installed()["torch"] == "2.11.0+cpu"  # from the `torch @ URL` line
    assert RUNTIMES["colab-2026.07"].installed()["numpy"] == "2.0.2"


def test_a_fresh_runtime_ships_nothing():
    assert RUNTIMES["studiolab"].installed() == {}


def test_lowest_shipped_drops_local_labels_and_takes_the_lowest_colab_version():
    assert lowest_shipped("torch") == "2.11.0"
    assert lowest_shipped("tf_keras") == "2.20.0"  # 2026.07 has 2.20.0, the current runtime 2.20.1
    assert lowest_shipped("mindspore") is None


def test_unknown_runtime_names_the_known_ones():
    with pytest.raises(KeyError, match="known: colab-current-cpu"):
        get("kaggle")
