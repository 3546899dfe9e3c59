"""Attribution forms of news copy, one short case each, scored: who said each quotation.

    python benchmarks/quote_forms.py [--show]

``benchmarks/quote_forms/forms.json`` holds 144 cases written for this project (no text from ``../shared``):
a paragraph or two and either ``speaker`` (every quotation of the case is that person's or organisation's;
``null``: nobody named) or ``quotes`` (the opening words of each quotation and its speaker, ``null`` for
nobody). They were written as probes while the forms were added to ``briefer/quotes.py``: the first 107 in
session 33 (81 right on its first main 820cf24, 103 after), 17 more in session 34 for the forms of the
lakevictoria, yukon, andalusia and irishdairy desks (105 of 124 right on 3eca0ab, 120 after), then 8 for
quotations in single marks and the apostrophes among them (c124-c131: 1 of 8 right on 7e2c453) and one for "the
salmon company's statement said" after the company spoke (c132; 121 of 133 right on 7e2c453, 132 after), then in
session 35 four for the northatlantic desk's forms (c133-c136: a named spokesperson, appositions past 100 characters,
"said farmer X of the Y group"; 132 of 137 right on 952ff1f, 136 after) and four for quotations over several
paragraphs, each but the last left open (c137-c140; 136 of 141 right before that change, 140 after) and three for
"the army said" (c141-c143; 141 of 144 right before, 143 after; 133 of 144 on main e2c094d). A record of the forms
handled, not a held-out measure: that is ``benchmarks/quotes.py`` on desks nobody tuned on.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from briefer.analyse import analyse
from briefer.models import Article
from briefer.quotes import theme_quotes

HERE = Path(__file__).resolve().parent / "quote_forms"


def _article(ident: str, text: str) -> Article:
    return Article(
        id=ident,
        title="Headline",
        url="",
        source="probe",
        text=text,
        published=datetime(2026, 12, 4, 9, tzinfo=UTC),
        published_from="none",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show", action="store_true", help="print every case that is wrong")
    args = parser.parse_args()
    cases = json.loads((HERE / "forms.json").read_text(encoding="utf-8"))
    items = analyse([_article(f"c{i:03d}", case["text"]) for i, case in enumerate(cases)])
    right = 0
    for i, (case, item) in enumerate(zip(cases, items, strict=True)):
        found = {q.text: q.speaker for q in theme_quotes([item])}
        if "quotes" in case:
            wrong = [
                (prefix, want, got)
                for prefix, want in case["quotes"].items()
                if (got := next((s for t, s in found.items() if t.startswith(prefix)), None)) != want
            ]
        else:
            want = case["speaker"]
            got_all = sorted(set(found.values()))
            wrong = [] if got_all == ([want] if want else []) else [("*", want, got_all)]
        right += not wrong
        if wrong and args.show:
            print(f"c{i:03d} {case['text'][:90]!r}\n      {wrong}")
    print(f"quote forms: {right} of {len(cases)} cases right")
    return 0


if __name__ == "__main__":
    sys.exit(main())
