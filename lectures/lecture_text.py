"""The sentences, labels and titles that the lectures' code shows, kept out of the lectures.

Each lecture loads its own file in its first code cell,

    TEXT = lecture_text.load("01_three_layer_network", language="en")

which reads ``text/01_three_layer_network.en.json``: a flat JSON object of
names to strings (a few are lists or objects of strings, for table headers and
labels). Why a file per lecture and language, and not a dictionary in the
notebook: the reader should meet the lecture, not 60 lines of strings, while a
translator still finds every sentence the code prints in one place. The
Japanese edition (``NN_*.ja.ipynb``, see autograder/languages/editions.py) loads
``text/NN_*.ja.json``, which has the same names, with ``language="ja"``;
``tests/test_lecture_text.py`` checks that every name a lecture uses is in its
file and that the file holds no name the lecture does not use.
"""
import json
from pathlib import Path

import plotfonts

TEXT_DIR = Path(__file__).resolve().parent / "text"


def path_of(lecture, language="en"):
    """The strings file of a lecture (its notebook's name without .ipynb) in a language."""
    return TEXT_DIR / f"{lecture}.{language}.json"


def load(lecture, language="en"):
    """The lecture's strings as a dict (raises FileNotFoundError naming the file if it is missing).

    It also lets the lecture's figures say Japanese (plotfonts), whatever the language: the code
    cells of both editions are the same."""
    plotfonts.use()
    with open(path_of(lecture, language), encoding="utf-8") as f:
        return json.load(f)
