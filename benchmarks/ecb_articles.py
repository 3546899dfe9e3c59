"""Write ECB+ articles as a folder of ``.txt`` files: held-out data for ``benchmarks/speed.py``.

    python benchmarks/ecb_articles.py OUT --data ../shared/data/ecbplus
    python benchmarks/speed.py --data OUT --themes ../shared/tools/bbc-themes.json --steps naive,cold,warm,new --floors

briefer's speed was worked on with BBC News Summary articles; ECB+ (other
outlets, other years, other lengths) was never used for it, so its figures
are the ones the speed floors hold against. Each document becomes
``OUT/topic<N>/<doc_id>.txt`` in the layout the speed benchmark reads: its
first sentence as the headline, a blank line, then paragraphs of three
sentences. Documents of one sentence are left out. The text is third-party:
write OUT outside the repository (or under the git-ignored benchmarks/work/).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, help="folder to write (made if missing)")
    parser.add_argument("--data", type=Path, required=True, help="folder holding ECB+ docs.jsonl")
    args = parser.parse_args()
    written = 0
    for line in (args.data / "docs.jsonl").read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        sentences = [s.strip() for s in doc["text"].splitlines() if s.strip()]
        if len(sentences) < 2:
            continue
        headline, body = sentences[0], sentences[1:]
        paragraphs = [" ".join(body[i : i + 3]) for i in range(0, len(body), 3)]
        folder = args.out / f"topic{doc['topic']}"
        folder.mkdir(parents=True, exist_ok=True)
        text = headline + "\n\n" + "\n\n".join(paragraphs) + "\n"
        (folder / f"{doc['doc_id']}.txt").write_text(text, encoding="utf-8")
        written += 1
    print(f"{written} articles in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
