"""Check a desk written for the held-out benchmarks before it is used (``held_out/WRITING.md``).

    python benchmarks/check_desk.py FOLDER [FOLDER ...]

Reads the desk's ``sources.yaml``, article files, ``gold.json`` and ``speakers.json`` and reports what does
not fit: articles numbered 01..N in their outlets' folders, front matter with a title, a date and the folder's
outlet, three themes, gold for every article (a theme of ``sources.yaml`` or "Other", a story), every quotation
of ``speakers.json`` the first 40 characters of a quotation in its file. Prints one line of counts per desk
and "OK", or the problems; prints nothing of the desk's text.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml


def check(folder: Path) -> tuple[str, list[str]]:
    """The desk's line of counts and its problems."""
    errors: list[str] = []
    sources = yaml.safe_load((folder / "sources.yaml").read_text(encoding="utf-8"))
    themes = [t["name"] for t in sources.get("themes", [])]
    if len(themes) != 3:
        errors.append(f"{len(themes)} themes, not 3")
    outlets = {s["path"]: s["name"] for s in sources["sources"]}
    files: dict[str, str] = {}
    dates: list[str] = []
    for path in sorted(folder.glob("*/*.md")):
        number = re.match(r"(\d\d)-", path.name)
        if number is None:
            errors.append(f"{path.name}: no number")
            continue
        if number.group(1) in files:
            errors.append(f"{path.name}: number {number.group(1)} twice")
        text = path.read_text(encoding="utf-8")
        front = re.match(r"---\n(.*?)\n---\n", text, re.S)
        if front is None:
            errors.append(f"{path.name}: no front matter")
            continue
        meta = yaml.safe_load(front.group(1))
        errors += [f"{path.name}: no {key}" for key in ("title", "date", "source") if key not in meta]
        if outlets.get(path.parent.name) != meta.get("source"):
            errors.append(f"{path.name}: its source is not its folder's outlet")
        files[number.group(1)] = text
        dates.append(str(meta.get("date")))
    numbers = sorted(files)
    if numbers != [f"{i:02d}" for i in range(1, len(numbers) + 1)]:
        errors.append("articles not numbered 01..N")
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    errors += [f"gold {key}: not every article" for key in ("themes", "stories") if sorted(gold[key]) != numbers]
    errors += [f"gold theme of {k}: not a theme" for k, t in gold["themes"].items() if t not in themes and t != "Other"]
    speakers = json.loads((folder / "speakers.json").read_text(encoding="utf-8"))
    for entry in speakers:
        body = files.get(entry["file"])
        if body is None:
            errors.append(f"speakers: no file {entry['file']}")
        elif not any(mark + entry["quote"] in body for mark in ('"', "\u201c")):
            errors.append(f"speakers {entry['file']}: a quotation not found at a quotation's start")
    stories = len(set(gold["stories"].values()))
    span = f"{min(dates)} .. {max(dates)}" if dates else "no dates"
    return f"{folder}: {len(numbers)} articles, {stories} stories, {len(speakers)} quotes; dates {span}", errors


def main(argv: list[str]) -> int:
    failed = False
    for arg in argv:
        line, errors = check(Path(arg))
        print(line)
        print("\n".join(errors) if errors else "OK")
        failed = failed or bool(errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
