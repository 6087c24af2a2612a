"""Padding each batch to its own longest review gives the logits of padding every review to
the model's maximum length: the page pads per batch, and this is why that is safe."""

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from finetune_docs.standins import FILES, reviews  # noqa: E402

MODEL = FILES / "models" / "google-bert" / "bert-base-cased"


def test_per_batch_padding_gives_the_logits_of_max_length_padding():
    tokenizer = transformers.AutoTokenizer.from_pretrained(MODEL)
    model = transformers.AutoModelForSequenceClassification.from_pretrained(MODEL, num_labels=5).eval()
    texts = [row["text"] for row in reviews.rows("test")[:32]]
    full = tokenizer(texts, padding="max_length", truncation=True, return_tensors="pt")
    collator = transformers.DataCollatorWithPadding(tokenizer)
    unpadded = tokenizer(texts, truncation=True)
    with torch.no_grad():
        expected = model(**full).logits
        batches = []
        for start in range(0, len(texts), 8):
            rows = [{k: v[i] for k, v in unpadded.items()} for i in range(start, start + 8)]
            batch = collator(rows)
            batches.append(batch["input_ids"].shape[1])
            batch_logits = model(**batch).logits
            assert torch.allclose(batch_logits, expected[start : start + 8], atol=1e-5), (
                (batch_logits - expected[start : start + 8]).abs().max())
    # The comparison means something only if per-batch padding is shorter than the maximum.
    assert max(batches) < full["input_ids"].shape[1], (batches, full["input_ids"].shape)
