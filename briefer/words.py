"""Facts about words and sentences that several stages share, each stated once."""

from __future__ import annotations

import re

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
"""A word: letters, with apostrophes inside (``don't``, ``O’Neill``); no digits, no underscores."""

TOKEN = re.compile(r"\w+")
"""A token: a run of letters, digits or underscores (what shingles and entity keys are made of)."""

SENTENCE_FINALS = ".!?…"
"""The characters a sentence ends with (before any closing quotes or brackets)."""

SENTENCE_END = re.compile(rf"""[{re.escape(SENTENCE_FINALS)}][\s"'”’)\]]*$""")
"""The end of a text that ends as a sentence does: a final character, then only closing quotes,
brackets or spaces."""

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
"""The spaCy entity labels briefer keeps: people, organisations, places, groups, buildings."""
