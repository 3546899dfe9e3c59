"""The archive: output/index.html and output/feed.xml list every brief, valid and escaped.

The feed is read back with feedparser, the page with Python's HTML parser;
the end-to-end check over three days of real runs is in test_memory.py.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest

from briefer import archive
from briefer.archive import FEED, INDEX, find_editions, update_archive

HOSTILE = 'Border <script>alert("x")</script> & "talks"'


class _Page(HTMLParser):
    """Links, headings and text of a page; fails on tags that are not closed in order."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.headings: list[str] = []
        self.text: list[str] = []
        self.open: list[str] = []
        self.scripts = 0
        self._in_heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("meta", "link", "br"):
            return
        if tag == "script":
            self.scripts += 1
        self.open.append(tag)
        if tag == "a":
            self.links.append(dict(attrs)["href"] or "")
        self._in_heading = tag == "h2"

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()
        self._in_heading = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_heading:
            self.headings.append(data)


def _edition(output: Path, day: str, audience: str, formats: tuple[str, ...], themes: list[str]) -> None:
    folder = output / day / audience
    folder.mkdir(parents=True)
    for fmt in formats:
        if fmt == "json":
            data = {
                "title": HOSTILE,
                "generated_at": f"{day}T06:00:00+00:00",
                "themes": [{"name": name, "articles": [{"id": f"{day}-{name}"}]} for name in themes],
            }
            (folder / "briefing.json").write_text(json.dumps(data), encoding="utf-8")
        elif fmt == "pdf":
            (folder / "briefing.pdf").write_bytes(b"%PDF-1.7\n" + day.encode() * 10)
        else:
            (folder / f"briefing.{fmt}").write_text(f"# {day}\n", encoding="utf-8")


def _archive(tmp_path: Path) -> Path:
    output = tmp_path / "output"
    _edition(output, "2026-03-02", "analyst", ("pdf", "md", "json"), ["Talks", "<b>Other</b>"])
    _edition(output, "2026-03-02", "executive", ("pdf", "md"), [])
    _edition(output, "2026-03-04", "analyst", ("pdf", "md", "json"), ["Talks"])
    _edition(output, "2026-03-03", "analyst", ("md", "json"), ["Mediation"])  # no PDF that day
    (output / "not-a-day").mkdir()
    (output / "2026-13-40").mkdir()  # looks like a day, is not one
    update_archive(output, HOSTILE)
    return output


def test_the_feed_has_one_entry_per_edition_per_day_newest_first_with_the_pdf_enclosed(tmp_path: Path) -> None:
    output = _archive(tmp_path)
    parsed = feedparser.parse((output / FEED).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == HOSTILE
    entries = parsed.entries
    assert [e.title for e in entries] == [
        f"{HOSTILE}: analyst edition, Wednesday 4 March 2026",
        f"{HOSTILE}: analyst edition, Tuesday 3 March 2026",
        f"{HOSTILE}: analyst edition, Monday 2 March 2026",
        f"{HOSTILE}: executive edition, Monday 2 March 2026",
    ]
    assert len({e.id for e in entries}) == 4
    pdf = [link for link in entries[0].links if link.rel == "enclosure"]
    assert [(p.href, p.type) for p in pdf] == [("2026-03-04/analyst/briefing.pdf", "application/pdf")]
    assert int(pdf[0].length) == (output / "2026-03-04/analyst/briefing.pdf").stat().st_size
    assert not [link for link in entries[1].links if link.rel == "enclosure"]  # the day without a PDF
    assert entries[2].summary == "2 articles in Talks, <b>Other</b>."  # text, not markup
    assert entries[0].updated == "2026-03-04T06:00:00Z"


def test_the_page_lists_every_brief_by_date_newest_first_linking_each_file_all_text_escaped(tmp_path: Path) -> None:
    output = _archive(tmp_path)
    page = _Page()
    page.feed((output / INDEX).read_text(encoding="utf-8"))
    page.close()
    assert page.open == ["html"] or page.open == []
    assert page.scripts == 0  # the title's <script> stays text
    assert HOSTILE in "".join(page.text)
    assert "<b>Other</b>" in "".join(page.text)
    assert page.headings == ["Wednesday 4 March 2026", "Tuesday 3 March 2026", "Monday 2 March 2026"]
    files = [link for link in page.links if link.startswith("2026-")]
    assert files == [
        "2026-03-04/analyst/briefing.pdf",
        "2026-03-04/analyst/briefing.md",
        "2026-03-04/analyst/briefing.json",
        "2026-03-03/analyst/briefing.md",
        "2026-03-03/analyst/briefing.json",
        "2026-03-02/analyst/briefing.pdf",
        "2026-03-02/analyst/briefing.md",
        "2026-03-02/analyst/briefing.json",
        "2026-03-02/executive/briefing.pdf",
        "2026-03-02/executive/briefing.md",
    ]
    for link in files:
        assert (output / link).is_file()
    assert FEED in page.links


def test_a_day_written_again_is_listed_once_and_nothing_is_left_half_written(tmp_path: Path) -> None:
    output = _archive(tmp_path)
    update_archive(output, HOSTILE)
    assert len(find_editions(output)) == 4
    assert sorted(p.name for p in output.iterdir() if p.is_file()) == [FEED, INDEX]  # no temporary files left


def test_an_empty_output_folder_gives_a_valid_empty_archive(tmp_path: Path) -> None:
    update_archive(tmp_path / "new", "Brief")
    parsed = feedparser.parse((tmp_path / "new" / FEED).read_bytes())
    assert not parsed.bozo and parsed.entries == []
    assert "No brief yet." in (tmp_path / "new" / INDEX).read_text(encoding="utf-8")


def test_an_edition_written_again_is_read_again_and_one_left_alone_is_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The archive is updated twice a run: what an unchanged briefing.json says is kept, a
    rewritten one is read afresh (its new themes listed), a removed one is gone."""
    output = _archive(tmp_path)
    again = output / "2026-03-04" / "analyst" / "briefing.json"
    data = json.loads(again.read_text(encoding="utf-8"))
    data["themes"] = [{"name": "Border tensions", "articles": [{"id": "a"}, {"id": "b"}]}]
    again.write_text(json.dumps(data), encoding="utf-8")
    read: list[str] = []
    real = archive._read_json
    monkeypatch.setattr(archive, "_read_json", lambda path: read.append(path.parent.parent.name) or real(path))
    editions = {(e.day, e.audience): e for e in find_editions(output)}
    assert read == ["2026-03-04"]  # the two editions left alone were not parsed again
    assert editions[("2026-03-04", "analyst")].themes == ("Border tensions",)
    assert editions[("2026-03-04", "analyst")].articles == 2
    assert editions[("2026-03-03", "analyst")].themes == ("Mediation",)
    (output / "2026-03-02" / "analyst" / "briefing.json").unlink()
    assert {(e.day, e.audience): e for e in find_editions(output)}[("2026-03-02", "analyst")].themes == ()
