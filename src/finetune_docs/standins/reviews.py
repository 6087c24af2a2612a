"""A Yelp-shaped review data set whose labels can be learned from its words.

The rows look like ``yelp_review_full``: ``label`` (0-4, one to five stars) and ``text``.
Each label has its own sentiment words; a review draws mostly from its own label and
sometimes from a neighbour, so a model has something to learn and cannot be perfect
from a single word.
"""

from __future__ import annotations

import random

SENTIMENT = (
    ("awful", "terrible", "disgusting", "rude", "horrible", "worst"),
    ("bland", "disappointing", "slow", "overpriced", "mediocre", "stale"),
    ("okay", "average", "decent", "fine", "acceptable", "ordinary"),
    ("good", "friendly", "tasty", "pleasant", "solid", "fresh"),
    ("amazing", "excellent", "perfect", "wonderful", "outstanding", "superb"),
)
SUBJECTS = (
    "The pasta", "Our waiter", "The pizza", "The coffee", "The staff", "The burger",
    "The patio", "The dessert", "The soup", "The bartender", "The sushi", "The salad",
)
LINKS = ("was", "seemed", "felt", "looked", "tasted")
CLOSINGS = (
    "We came on a Tuesday night.", "Parking was easy to find.", "I ordered for two.",
    "It was my first visit.", "We sat near the window.", "The menu is short.",
    "They open at noon.", "My friend picked the place.",
)
SPLITS = {"train": (1200, 0), "test": (1000, 1)}
NEIGHBOUR_RATE = 0.2


def review(rng: random.Random, label: int) -> str:
    """One review for ``label``: a few sentences, most of them carrying its sentiment."""
    sentences = []
    for _ in range(rng.randint(2, 4)):
        source = label
        if rng.random() < NEIGHBOUR_RATE:
            source = min(4, max(0, label + rng.choice((-1, 1))))
        word = rng.choice(SENTIMENT[source])
        sentences.append(f"{rng.choice(SUBJECTS)} {rng.choice(LINKS)} {word}.")
    sentences.insert(rng.randrange(len(sentences) + 1), rng.choice(CLOSINGS))
    return " ".join(sentences)


def rows(split: str) -> list[dict]:
    """The rows of ``split``, the same on every call and every machine."""
    size, seed = SPLITS[split]
    rng = random.Random(f"yelp-stand-in-{seed}")
    return [
        {"label": (label := i % 5), "text": review(rng, label)}
        for i in range(size)
    ]


def corpus() -> list[str]:
    """Every text of every split, for training the tokenizer."""
    return [row["text"] for split in SPLITS for row in rows(split)]
