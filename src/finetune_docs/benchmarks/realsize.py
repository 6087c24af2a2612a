"""Training and evaluation steps of a model of bert-base-cased's real size, per backend.

    finetune-docs benchmark --part realsize [--backend NAME] [--steps N] [--lengths FILE]
                                      [--threads N]

Each backend's model is built from ``BertConfig`` with bert-base-cased's dimensions (its
defaults, with the cased vocabulary of 28,996 tokens) and five labels, with random weights:
nothing is downloaded. Each configuration runs in a child process of its own (its peak
resident memory is then its own), with the threads a reader's kernel gets (no
``OMP_NUM_THREADS``: the tests' one thread is theirs, not a reader's; ``--threads N`` sets it,
for a machine other processes share). A child times a first
step, ``--steps`` steady steps and, for per-batch padding, one step at a length it has not seen
(what a framework that compiles per shape pays for each new length), for training (batch 8, the page's optimizer) and
evaluation, at batch length:

- the settings' ``MAX_LENGTH`` (every batch padded to it), and
- per batch (a data collator pads to the batch's longest review): the mean padded length of
  batches of 8 reviews drawn from :func:`review_tokens`, unless ``--lengths`` gives real
  token lengths, one per line (e.g. ``len(ids)`` of each tokenized training review of a sample).

Each step's CPU seconds are printed too: with ``--threads 1`` on a machine others share, they
are what the step costs one core of its own, where its wall time is what the sharing left it.
The projection of a whole notebook multiplies by :mod:`.recipe`'s steps and adds, per training
path, what its first training step and its first evaluation step cost beyond a steady one (a graph
built, as TensorFlow's first step does); for a backend that compiles per shape, per-batch
padding adds the new-length cost once per distinct length. A CPU-path line says whether the
projection keeps :data:`.recipe.CPU_BUDGET_MINUTES`.
"""

from __future__ import annotations

import json
import math
import os
import random
import resource
import subprocess
import sys
import time

from .. import recipe
from ..backends import BACKENDS
from .realsize_models import BUILDERS, COMPILES_PER_SHAPE

WORDS_MEDIAN, WORDS_Q1, WORDS_Q3 = 92, 48, 165
"""Words per Yelp review, quartiles of the Yelp Open Dataset's reviews as summarised in
"Analyzing Yelp Reviews: Statistical Summaries and Insights" (coursescholars.com): a
log-normal distribution is fitted to them. Not measured on yelp_review_full itself."""
TOKENS_PER_WORD = 1.3
"""WordPiece tokens per English word: an assumption, not a measurement; ``--lengths`` replaces
the whole model with real lengths."""
SEED = 0


def review_tokens(rng: random.Random) -> int:
    """One review's length in tokens, [CLS] and [SEP] included, before truncation."""
    sigma = math.log(WORDS_Q3 / WORDS_Q1) / (2 * 0.6745)
    words = rng.lognormvariate(math.log(WORDS_MEDIAN), sigma)
    return max(3, round(words * TOKENS_PER_WORD) + 2)


def lengths(rows: int, real: list[int] | None, rng: random.Random) -> list[int]:
    return [rng.choice(real) for _ in range(rows)] if real else [review_tokens(rng) for _ in range(rows)]


def padding(settings: recipe.Settings, real: list[int] | None) -> dict:
    """Padded tokens of one training epoch, at MAX_LENGTH and per batch; the mean padded length of
    a batch; distinct padded lengths over the whole training (what a per-shape compiler compiles)."""
    rng = random.Random(SEED)
    padded, seen = [], set()
    for _ in range(settings.epochs):
        epoch = [min(n, settings.max_length) for n in lengths(settings.train_rows, real, rng)]
        batches = [epoch[i:i + recipe.BATCH_SIZE] for i in range(0, len(epoch), recipe.BATCH_SIZE)]
        padded.append(sum(max(batch) * len(batch) for batch in batches))
        seen |= {max(batch) for batch in batches}
    per_batch = sum(padded) / len(padded)
    return {"fixed": settings.train_rows * settings.max_length, "per_batch": round(per_batch),
            "mean_length": round(per_batch / settings.train_rows), "distinct": len(seen)}


def child(backend: str, length: int, steps: int, new_length: bool) -> None:
    """Time one configuration here and print it as one JSON line; with ``new_length``, one more
    step at a length not seen yet (only per-batch padding meets new lengths)."""
    train, evaluate, threads = BUILDERS[backend]()
    found: dict[str, object] = {"threads": threads}
    for kind, step in (("train", train), ("eval", evaluate)):
        times, cpu = [], []
        for current in [length] * (steps + 1) + [length - 1] * new_length:
            start, start_cpu = time.perf_counter(), time.process_time()
            step(current)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        found[kind] = {"first": times[0], "steady": sum(times[1:steps + 1]) / steps,
                       "cpu": sum(cpu[1:steps + 1]) / steps, "new_length": times[-1] if new_length else None}
    found["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(found), flush=True)


def _measure(backend: str, length: int, steps: int, threads: int | None, new_length: bool) -> dict | None:
    # What its kernel gets (Keras 2, MindSpore's errors only), less the tests' one thread.
    env = {k: v for k, v in os.environ.items() if k != "OMP_NUM_THREADS"} | BACKENDS[backend].kernel_env
    if threads:
        env["OMP_NUM_THREADS"] = str(threads)
    argv = ["--child", backend, str(length), str(steps), str(int(new_length))]
    child_code = "import sys; from finetune_docs.benchmarks.realsize import main; main(sys.argv[1:])"
    done = subprocess.run([sys.executable, "-c", child_code, *argv], env=env, capture_output=True,
                          text=True)
    last = done.stdout.strip().splitlines()[-1:] if done.returncode == 0 else []
    if not last:
        print(f"    {backend} at {length} tokens failed (exit {done.returncode}):\n{done.stderr[-2000:]}", flush=True)
        return None
    return json.loads(last[0])


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:6.1f} min" if seconds < 5400 else f"{seconds / 3600:6.2f} h  "


def _budget(settings: recipe.Settings, seconds: float) -> str:
    if settings is not recipe.CPU_PATH:
        return ""
    verdict = "within" if seconds <= recipe.CPU_BUDGET_MINUTES * 60 else "OVER"
    return f"; {verdict} the CPU path's {recipe.CPU_BUDGET_MINUTES} min"


def run(backends: list[str], steps: int = 2, real: list[int] | None = None, threads: int | None = None,
        only: list[str] | None = None) -> None:
    """Print the padding figures, then one line per backend, settings and padding (``only``: "cpu", "page")."""
    chosen = [s for s, name in ((recipe.CPU_PATH, "cpu"), (recipe.PAGE, "page")) if not only or name in only]
    print(f"machine: {os.cpu_count()} CPUs, usable {len(os.sched_getaffinity(0))}; load average "
          f"{', '.join(f'{x:.2f}' for x in os.getloadavg())} (uptime); lengths: "
          f"{'given, ' + str(len(real)) + ' reviews' if real else 'modelled (realsize.review_tokens)'}; "
          f"OMP_NUM_THREADS {threads or 'unset (a reader kernel default)'}", flush=True)
    for settings in (recipe.PAGE, recipe.CPU_PATH):
        pad = padding(settings, real)
        rows = settings.train_rows + settings.validation_rows + settings.test_rows
        print(f"{settings.name} {settings.values()}: tokenized rows {recipe.FULL_ROWS:,} before selecting, "
              f"{rows:,} after; padded training tokens per epoch {pad['fixed']:,} at {settings.max_length}, "
              f"{pad['per_batch']:,} per batch ({pad['per_batch'] / pad['fixed']:.0%}; mean batch length "
              f"{pad['mean_length']}, {pad['distinct']} distinct lengths over the run)", flush=True)
    header = (f"{'backend':<10} {'settings':<9} {'padding':<10} {'tokens':>6} {'train s':>8} {'first':>7} "
              f"{'new len':>7} {'eval s':>7} {'peak RSS':>9} {'steps':>5} {'evals':>5} {'whole notebook':>14}")
    print(header)
    for backend in backends:
        # Cheapest first: on a busy machine, the CPU path's figures come before the page's.
        for settings in chosen:
            pad = padding(settings, real)
            for label, length in (("per batch", pad["mean_length"]), ("max", settings.max_length)):
                per_batch = label == "per batch"
                if per_batch and length == settings.max_length:
                    print(f"{backend:<10} {settings.name:<9} {label:<10} {length:>6}  = max: every batch has a "
                          "review of MAX_LENGTH tokens or more", flush=True)
                    continue
                found = _measure(backend, length, steps, threads, per_batch)
                if found is None:
                    continue
                train, evaluate = found["train"], found["eval"]
                n_train, n_eval = recipe.train_steps(settings, backend), recipe.eval_batches(settings, backend)
                total = (n_train * train["steady"] + n_eval * evaluate["steady"]
                         + len(recipe.NOTEBOOK[backend]) * max(0.0, train["first"] - train["steady"])
                         + recipe.evaluating_paths(backend) * max(0.0, evaluate["first"] - evaluate["steady"]))
                cpu_total = n_train * train["cpu"] + n_eval * evaluate["cpu"]
                if per_batch and backend in COMPILES_PER_SHAPE:
                    total += len(recipe.NOTEBOOK[backend]) * pad["distinct"] * max(
                        0.0, train["new_length"] - train["steady"] + evaluate["new_length"] - evaluate["steady"])
                new = f"{train['new_length']:7.1f}" if per_batch else f"{'-':>7}"
                print(f"{backend:<10} {settings.name:<9} {label:<10} {length:>6} {train['steady']:8.2f} "
                      f"{train['first']:7.1f} {new} {evaluate['steady']:7.2f} "
                      f"{found['rss_mb']:6.0f} MB {n_train:>5} {n_eval:>5} {_minutes(total):>14}"
                      f"  | CPU s/step train {train['cpu']:.2f}, eval {evaluate['cpu']:.2f}, steps alone "
                      f"{_minutes(cpu_total).strip()} ({found['threads']}){_budget(settings, total)}", flush=True)


def main(argv: list[str]) -> None:
    """The child of :func:`_measure`; people run ``finetune-docs benchmark --part realsize``."""
    child(argv[1], int(argv[2]), int(argv[3]), argv[4] == "1")
