"""The stand-ins: deterministic, shaped like the real repositories, and learnable."""

import collections
import json

import pytest

from finetune_docs.standins import build, reviews, tokenizer

MODEL = build.FILES / build.MODEL
DATASET = build.FILES / build.DATASET


def test_reviews_are_the_same_on_every_call():
    assert reviews.rows("train") == reviews.rows("train")
    assert reviews.rows("train") != reviews.rows("test")


def test_splits_are_yelp_shaped():
    for split, (size, _) in reviews.SPLITS.items():
        rows = reviews.rows(split)
        assert len(rows) == size >= 1000
        assert set(rows[0]) == {"label", "text"}
        assert collections.Counter(r["label"] for r in rows) == {label: size // 5 for label in range(5)}


def test_labels_can_be_learned_from_the_words():
    """A reader of sentiment words alone (no model) beats chance by far on held-out rows."""
    word_label = {word: label for label, words in enumerate(reviews.SENTIMENT) for word in words}

    def guess(text):
        votes = collections.Counter(word_label[w.strip(".")] for w in text.split() if w.strip(".") in word_label)
        return votes.most_common(1)[0][0]

    test = reviews.rows("test")
    accuracy = sum(guess(r["text"]) == r["label"] for r in test) / len(test)
    assert accuracy > 0.7


def test_tokenizer_training_is_deterministic():
    first, second = tokenizer.train(reviews.corpus()), tokenizer.train(reviews.corpus())
    assert first.to_str() == second.to_str()


def test_shipped_dataset_and_tokenizer_equal_a_rebuild(tmp_path):
    import pyarrow.parquet as pq

    build.build_dataset(tmp_path / "data")
    for split in reviews.SPLITS:
        name = f"yelp_review_full/{split}-00000-of-00001.parquet"
        assert pq.read_table(tmp_path / "data" / name).equals(pq.read_table(DATASET / name))
    build.build_tokenizer(tmp_path / "model")
    for name in ("tokenizer.json", "vocab.txt", "tokenizer_config.json"):
        assert (tmp_path / "model" / name).read_bytes() == (MODEL / name).read_bytes(), name


def test_tokenizer_covers_every_word_and_pads_to_its_maximum():
    from transformers import AutoTokenizer

    loaded = AutoTokenizer.from_pretrained(MODEL)
    assert loaded.model_max_length == tokenizer.MAX_LENGTH
    encoded = loaded(reviews.rows("test")[:50] and [r["text"] for r in reviews.rows("test")[:50]],
                     padding="max_length", truncation=True)
    assert {len(ids) for ids in encoded["input_ids"]} == {tokenizer.MAX_LENGTH}
    assert loaded.unk_token_id not in {i for ids in encoded["input_ids"] for i in ids}


def test_checkpoint_is_a_pretraining_bert_without_a_classifier():
    config = json.loads((MODEL / "config.json").read_text())
    assert config["architectures"] == ["BertForPreTraining"]
    assert config["max_position_embeddings"] == tokenizer.MAX_LENGTH
    from safetensors import safe_open

    with safe_open(MODEL / "model.safetensors", "np") as weights:
        names = set(weights.keys())
    assert not any(name.startswith("classifier") for name in names)
    assert any(name.startswith("cls.") for name in names)


@pytest.mark.parametrize("epochs", [1])
def test_pretraining_makes_the_encoder_separate_the_labels(epochs, monkeypatch):
    """The pre-trained encoder's pooled output predicts held-out labels; a random one can't."""
    torch = pytest.importorskip("torch")
    from finetune_docs.standins import checkpoint

    monkeypatch.setattr(checkpoint, "PRETRAIN_EPOCHS", epochs)
    trained_tokenizer = tokenizer.train(reviews.corpus())
    train, test = reviews.rows("train"), reviews.rows("test")

    def probe(model):
        trained_tokenizer.enable_padding(length=tokenizer.MAX_LENGTH)
        enc = trained_tokenizer.encode_batch([r["text"] for r in train + test])
        trained_tokenizer.no_padding()
        with torch.no_grad():
            pooled = model.bert(input_ids=torch.tensor([e.ids for e in enc]),
                                attention_mask=torch.tensor([e.attention_mask for e in enc])).pooler_output
        labels = torch.tensor([r["label"] for r in train + test])
        centroids = torch.stack([pooled[: len(train)][labels[: len(train)] == k].mean(0) for k in range(5)])
        guesses = torch.cdist(pooled[len(train):], centroids).argmin(1)
        return (guesses == labels[len(train):]).float().mean().item()

    model = checkpoint.pretrain(trained_tokenizer, [r["text"] for r in train], [r["label"] for r in train],
                                tokenizer.MAX_LENGTH)
    model.eval()
    assert probe(model) > 0.35
