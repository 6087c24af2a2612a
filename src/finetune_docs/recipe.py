"""The tutorial's two recipes, as the page's settings cell states them, and what a notebook runs.

The page's shared cell reads (one line on the page)::

    CPU_PATH = False
    TRAIN_ROWS, VALIDATION_ROWS, TEST_ROWS, MAX_LENGTH, EPOCHS = (
        (500, 100, 500, 96, 2) if CPU_PATH else (1000, 200, 1000, 512, 3))

:data:`PAGE` and :data:`CPU_PATH` are those two tuples, the one Python place the benchmark
(``realsize``) reads them from; a test keeps the page in agreement. :data:`NOTEBOOK` says how
often each backend's notebook trains and evaluates, to turn per-step times into a whole run.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    name: str
    train_rows: int
    validation_rows: int
    test_rows: int
    max_length: int
    epochs: int

    def values(self) -> tuple[int, int, int, int, int]:
        """As the page's cell unpacks them: TRAIN_ROWS, VALIDATION_ROWS, TEST_ROWS, MAX_LENGTH, EPOCHS."""
        return self.train_rows, self.validation_rows, self.test_rows, self.max_length, self.epochs


PAGE = Settings("page", 1000, 200, 1000, 512, 3)
CPU_PATH = Settings("CPU path", 500, 100, 500, 96, 2)
CPU_BUDGET_MINUTES = 30
"""What the CPU path promises: the whole notebook, at the real model's size, on 2 CPU cores."""
BATCH_SIZE = 8
FULL_ROWS = 650_000 + 50_000
"""yelp_review_full's train and test splits (Zhang, Zhao and LeCun 2015, "Character-level
Convolutional Networks for Text Classification", table 1: 650,000 and 50,000): what the
page tokenized before it selected its sample."""


@dataclass(frozen=True)
class Run:
    """One way a notebook trains: its epochs of training, and the evaluations around them."""
    name: str
    before: bool = True
    """An evaluation of the validation rows before training."""
    per_epoch: bool = True
    """One of the validation rows after each epoch."""
    after: bool = True
    """One of the test rows at the end."""


NOTEBOOK: dict[str, tuple[Run, ...]] = {
    # The Trainer (evaluate before, per epoch, test at the end), then the native loop again.
    "pytorch": (Run("Trainer"), Run("native loop")),
    # compile/fit on to_tf_dataset, then again on prepare_tf_dataset.
    "tensorflow": (Run("fit"), Run("fit, prepare_tf_dataset")),
    # MindONE's Trainer 0.5 cannot evaluate; the native loop evaluates the test rows at the end.
    "mindspore": (Run("Trainer", before=False, per_epoch=False, after=False),
                  Run("native loop", before=False, per_epoch=False)),
}


def batches(rows: int) -> int:
    return math.ceil(rows / BATCH_SIZE)


def train_steps(settings: Settings, backend: str) -> int:
    """Training steps of the whole notebook: ceil(rows / 8) x epochs, per training path."""
    return len(NOTEBOOK[backend]) * batches(settings.train_rows) * settings.epochs


def evaluating_paths(backend: str) -> int:
    """Training paths that evaluate at all: each pays a first evaluation step (a graph built, a compile)."""
    return sum(path.before or path.per_epoch or path.after for path in NOTEBOOK[backend])


def eval_batches(settings: Settings, backend: str) -> int:
    """Evaluation batches of the whole notebook."""
    validation, test = batches(settings.validation_rows), batches(settings.test_rows)
    return sum(validation * (path.before + path.per_epoch * settings.epochs) + test * path.after
               for path in NOTEBOOK[backend])
