"""A docs tree in the layout of the Hugging Face course, generated: for tests and the benchmark.

``chapters/<language>/chapter<N>/<M>.mdx`` in doc-builder's dialect: 81 English pages, and
382 translations of them in es, pt, it, fr, de, ko, ja and zh-CN, each language covering
the first pages only, as the course's translators do. Each page has the course's parts:
a ``<FrameworkSwitchCourse>`` and a multi-line ``<CourseFloatingBanner>`` component,
``[[anchor]]`` headings, ```` ```py ```` cells with ```` ```python out ```` blocks,
``<Tip>`` blocks, a video, and a cell inside a numbered step. Translations keep the code
and translate prose, headings (anchors kept) and comments. Seeded: the same tree each time.
"""

from __future__ import annotations

import random
from pathlib import Path

CHAPTERS = (1, 11, 8, 6, 6, 9, 10, 9, 8, 13)
"""Pages per chapter (chapter0 ... chapter9): 81 in all."""
COVERAGE = {"es": 64, "pt": 40, "it": 50, "fr": 81, "de": 20, "ko": 45, "ja": 30, "zh-CN": 52}
"""How many of the English pages, in order, each language translates: 382 in all."""
WORDS = {
    "en": "the model tokenizer dataset fine-tune training pipeline returns labels each batch of text".split(),
    "es": "el modelo tokenizador conjunto datos ajuste entrenamiento devuelve etiquetas cada lote texto".split(),
    "pt": "o modelo tokenizador conjunto dados ajuste treinamento retorna rótulos cada lote não".split(),
    "it": "il modello tokenizzatore insieme dati addestramento restituisce etichette ogni però".split(),
    "fr": "le modèle tokeniseur jeu données entraînement renvoie étiquettes chaque lot déjà".split(),
    "de": "das Modell Tokenizer Datensatz Feinabstimmung Training gibt Etiketten jeden Stapel für".split(),
    "ko": "모델 토크나이저 데이터셋 미세 조정 학습 파이프라인 레이블 각 배치 텍스트".split(),
    "ja": "モデル トークナイザー データセット 微調整 学習 パイプライン ラベル 各 バッチ テキスト".split(),
    "zh-CN": "模型 分词器 数据集 微调 训练 管道 返回 标签 每个 批次 文本".split(),
}
BANNER = """<CourseFloatingBanner chapter={{{chapter}}}
  classNames="absolute z-10 right-0 top-0"
  notebooks={{[
    {{label: "Google Colab", value: "https://colab.research.google.com/github/huggingface/notebooks/blob/master/course/{language}/chapter{chapter}/section{page}.ipynb"}},
]}} />"""


def _sentence(rng: random.Random, language: str, words: int) -> str:
    glue = "" if language in ("ja", "zh-CN") else " "
    text = glue.join(rng.choice(WORDS[language]) for _ in range(words))
    return text[0].upper() + text[1:] + ("。" if language in ("ja", "zh-CN") else ".")


def _cell(rng: random.Random, number: int) -> list[str]:
    """The code of one cell, with a comment line the translations translate."""
    lines = ["#" + " COMMENT", "from transformers import AutoTokenizer, pipeline", ""]
    for index in range(rng.randint(2, 10)):
        lines.append(f"value_{number}_{index} = tokenizer(\"{rng.choice(WORDS['en'])}\", truncation=True)")
    lines.append(f"print(value_{number}_0)")
    return lines


def page(chapter: int, number: int, language: str) -> str:
    """The page chapter<chapter>/<number>.mdx in ``language``: the same code in every language."""
    code = random.Random(f"{chapter}/{number}")  # the code and shape: one per page
    prose = random.Random(f"{chapter}/{number}/{language}")
    lines = ["<FrameworkSwitchCourse {fw} />", "",
             f"# {_sentence(prose, language, 4)[:-1]} [[page-{chapter}-{number}]]", "",
             BANNER.format(chapter=chapter, page=number, language=language), ""]
    for section in range(code.randint(3, 7)):
        lines += [f"## {_sentence(prose, language, 3)[:-1]} [[section-{section}]]", ""]
        if section == 0:
            lines += [f'<Youtube id="{code.randrange(10**9):09d}"/>', ""]
        for cell in range(code.randint(1, 4)):
            lines += [" ".join(_sentence(prose, language, prose.randint(6, 16)) for _ in range(3)), ""]
            source = [line.replace("COMMENT", _sentence(prose, language, 4)) for line in _cell(code, cell)]
            lines += ["```py", *source, "```", "", "```python out", f"{{'input_ids': [{code.randrange(999)}]}}",
                      "```", ""]
        if code.random() < 0.5:
            lines += ["<Tip>", "", _sentence(prose, language, 10), "", "</Tip>", ""]
        if code.random() < 0.3:
            lines += [f"1. {_sentence(prose, language, 6)}", "", "   ```py", "   import torch", "   ```", ""]
    return "\n".join(lines)


def pages() -> list[tuple[int, int]]:
    """(chapter, page) of each English page, in the course's order."""
    return [(chapter, number) for chapter, count in enumerate(CHAPTERS) for number in range(1, count + 1)]


def write(root: Path, coverage: dict[str, int] | None = None) -> Path:
    """Write the tree under ``root``/chapters; return that folder."""
    chapters = Path(root) / "chapters"
    coverage = COVERAGE if coverage is None else coverage
    for language, count in {"en": len(pages()), **coverage}.items():
        for chapter, number in pages()[:count]:
            path = chapters / language / f"chapter{chapter}" / f"{number}.mdx"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(page(chapter, number, language) + "\n", encoding="utf-8")
    return chapters
