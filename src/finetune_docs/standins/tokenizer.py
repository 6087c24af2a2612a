"""A cased WordPiece tokenizer in ``bert-base-cased``'s shape, trained on the stand-in texts.

``tokenizers``' WordPiece trainer breaks ties between equally frequent pairs differently
from one run to the next, so the intermediate pieces it keeps (``##app`` or ``##ap``)
vary. Its vocabulary is therefore reduced to what does not depend on that order, the
special tokens, the single characters and the whole words of the texts, sorted, and the
tokenizer rebuilt from it: the same texts always give the same files.
"""

from __future__ import annotations

from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
from tokenizers.trainers import WordPieceTrainer

SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
MAX_LENGTH = 64
VOCAB_SIZE = 2000


def _shell(model: models.Model) -> Tokenizer:
    tokenizer = Tokenizer(model)
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=False)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.decoder = decoders.WordPiece()
    return tokenizer


def train(texts: list[str]) -> Tokenizer:
    """Train on ``texts`` and return a tokenizer whose vocabulary does not depend on the run."""
    trained = _shell(models.WordPiece(unk_token="[UNK]"))
    trained.train_from_iterator(texts, WordPieceTrainer(vocab_size=VOCAB_SIZE, special_tokens=SPECIALS))
    words = {word for text in texts for word, _ in trained.pre_tokenizer.pre_tokenize_str(text)}
    stable = {
        token for token in trained.get_vocab()
        if token in words or len(token.removeprefix("##")) == 1
    }
    rest = sorted(stable - set(SPECIALS))
    vocab = {token: i for i, token in enumerate(SPECIALS + rest)}
    tokenizer = _shell(models.WordPiece(vocab, unk_token="[UNK]"))
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]",
        pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", vocab["[CLS]"]), ("[SEP]", vocab["[SEP]"])],
    )
    return tokenizer


def save(tokenizer: Tokenizer, folder) -> None:
    """Write the files ``AutoTokenizer`` reads, as ``bert-base-cased`` has them."""
    import json
    from pathlib import Path

    folder = Path(folder)
    tokenizer.save(str(folder / "tokenizer.json"))
    vocab = sorted(tokenizer.get_vocab().items(), key=lambda item: item[1])
    (folder / "vocab.txt").write_text("".join(f"{token}\n" for token, _ in vocab), encoding="utf-8")
    config = {
        "tokenizer_class": "BertTokenizer",
        "do_lower_case": False,
        "model_max_length": MAX_LENGTH,
    }
    (folder / "tokenizer_config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
