"""Build every Hub stand-in into a folder laid out as the loopback Hub serves it.

    finetune-docs standins [FOLDER]

The result is committed under ``standins/files`` so that no test run has to rebuild it;
rebuilding gives the same data set and tokenizer byte for byte, and the same model on the
same machine (CPU training with a fixed seed).
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

from . import FILES, checkpoint, reviews, tokenizer

HERE = Path(__file__).parent
MODEL = "models/google-bert/bert-base-cased"
DATASET = "datasets/Yelp/yelp_review_full"
METRIC = "spaces/evaluate-metric/accuracy"

DATASET_CARD = """---
language:
- en
license: other
task_categories:
- text-classification
pretty_name: Yelp reviews (offline stand-in)
configs:
- config_name: yelp_review_full
  default: true
  data_files:
  - split: train
    path: yelp_review_full/train-*
  - split: test
    path: yelp_review_full/test-*
dataset_info:
  config_name: yelp_review_full
  features:
  - name: label
    dtype:
      class_label:
        names:
          '0': 1 star
          '1': 2 star
          '2': 3 stars
          '3': 4 stars
          '4': 5 stars
  - name: text
    dtype: string
---
# Yelp reviews stand-in

Generated reviews in the shape of `Yelp/yelp_review_full`, for offline tests.
"""


def build_dataset(folder: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    (folder / "yelp_review_full").mkdir(parents=True, exist_ok=True)
    (folder / "README.md").write_text(DATASET_CARD, encoding="utf-8")
    for split in reviews.SPLITS:
        table = pa.Table.from_pylist(
            reviews.rows(split),
            schema=pa.schema([("label", pa.int64()), ("text", pa.string())]),
        )
        pq.write_table(table, folder / "yelp_review_full" / f"{split}-00000-of-00001.parquet")


def build_tokenizer(folder: Path):
    folder.mkdir(parents=True, exist_ok=True)
    trained = tokenizer.train(reviews.corpus())
    tokenizer.save(trained, folder)
    return trained


def build_model(folder: Path, trained) -> None:
    train = reviews.rows("train")
    model = checkpoint.pretrain(
        trained, [r["text"] for r in train], [r["label"] for r in train], tokenizer.MAX_LENGTH
    )
    checkpoint.save(model, folder)


def build_metric(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(HERE / "accuracy.py", folder / "accuracy.py")
    (folder / "README.md").write_text("# Accuracy (offline stand-in)\n", encoding="utf-8")


def build(root: Path, model: bool = True) -> dict[str, float]:
    """Build into ``root``; return the seconds each part took."""
    timings = {}
    start = time.perf_counter()
    build_dataset(root / DATASET)
    timings["dataset"] = time.perf_counter() - start
    start = time.perf_counter()
    trained = build_tokenizer(root / MODEL)
    timings["tokenizer"] = time.perf_counter() - start
    if model:
        start = time.perf_counter()
        build_model(root / MODEL, trained)
        timings["model"] = time.perf_counter() - start
    build_metric(root / METRIC)
    return timings


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    root = Path(argv[0]) if argv else FILES
    for part, seconds in build(root).items():
        print(f"{part}: {seconds:.1f} s")
    print(f"stand-ins written to {root}")

