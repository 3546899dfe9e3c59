"""A run with nothing new to analyse does not pay for spaCy's import at start-up."""

from __future__ import annotations

import subprocess
import sys


def test_the_run_path_imports_no_spacy_until_an_article_needs_analysing() -> None:
    code = (
        "import sys\n"
        "import briefer.cli, briefer.pipeline, briefer.render, briefer.memory, briefer.stories, briefer.quotes\n"
        "print('spacy' in sys.modules, 'scipy.cluster' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_the_stop_words_are_spacys() -> None:
    from spacy.lang.en.stop_words import STOP_WORDS as spacys

    from briefer.words import STOP_WORDS

    assert frozenset(spacys) == STOP_WORDS and {"the", "which", "n't", "n’t"} <= STOP_WORDS
