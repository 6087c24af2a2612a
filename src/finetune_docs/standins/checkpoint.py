"""A tiny BERT checkpoint that stands in for ``google-bert/bert-base-cased``.

A random tiny model hardly moves at the tutorial's learning rate (5e-5) in three epochs,
so a test could not tell training from no training. The stand-in is therefore briefly
pre-trained, as the real model is: its encoder learns the stand-in reviews' sentiment
words on the *train* split. It is then saved as ``BertForPreTraining`` without a
classifier, so the tutorial's ``num_labels=5`` model starts with a fresh random head
(the warning the page shows) that must still be trained before it beats chance on the
held-out *test* split.
"""

from __future__ import annotations

from pathlib import Path

SEED = 0
PRETRAIN_EPOCHS = 6
PRETRAIN_LR = 1e-3
BATCH = 16


def config(vocab_size: int, max_length: int, **extra):
    from transformers import BertConfig

    return BertConfig(
        **extra,
        vocab_size=vocab_size,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=max_length,
    )


def pretrain(tokenizer, texts: list[str], labels: list[int], max_length: int):
    """Train a tiny encoder on (texts, labels); return it as ``BertForPreTraining``."""
    import torch
    from transformers import BertForPreTraining, BertForSequenceClassification

    torch.manual_seed(SEED)
    cfg = config(tokenizer.get_vocab_size(), max_length)
    classifier = BertForSequenceClassification(config(cfg.vocab_size, max_length, num_labels=5))
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]", length=max_length)
    tokenizer.enable_truncation(max_length)
    encodings = tokenizer.encode_batch(texts)
    ids = torch.tensor([e.ids for e in encodings])
    mask = torch.tensor([e.attention_mask for e in encodings])
    target = torch.tensor(labels)
    optimizer = torch.optim.AdamW(classifier.parameters(), lr=PRETRAIN_LR)
    generator = torch.Generator().manual_seed(SEED)
    classifier.train()
    for _ in range(PRETRAIN_EPOCHS):
        for batch in torch.randperm(len(ids), generator=generator).split(BATCH):
            loss = classifier(input_ids=ids[batch], attention_mask=mask[batch], labels=target[batch]).loss
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
    tokenizer.no_padding()
    tokenizer.no_truncation()

    pretrained = BertForPreTraining(cfg)
    pretrained.bert.load_state_dict(classifier.bert.state_dict())
    return pretrained


def save(model, folder: Path) -> None:
    model.save_pretrained(folder)
