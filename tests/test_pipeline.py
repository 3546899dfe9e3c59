from __future__ import annotations

from pathlib import Path

import pytest


def test_an_analysed_article_packed_reads_back_as_given_in_any_process() -> None:
    """briefer.packed: sentences kept as places in the text, lemmas as vocabulary ids; every field reads
    back as it was given (lead and body given apart from the sentences' lemmas too), through a pickle
    (strings, not this process's ids), dataclasses.replace, and from threads adding words at once."""
    import dataclasses
    import pickle
    import threading
    from datetime import UTC, datetime

    from briefer.models import AnalysedArticle, Article

    text = "Ferries run again. Crews said so!\nThe port opened."
    article = Article("a", "Ferries", "u", "s", text, datetime(2025, 1, 1, tzinfo=UTC), "none")
    sentences = ("Ferries run again.", "Crews said so!", "The port opened.")
    lemmas = (("ferry", "run", "again"), ("crew", "say", "so"), ("the", "port", "open"))
    item = AnalysedArticle(
        article,
        sentences,
        ("ferry",),
        ("ferry", "run", "again", "crew", "say", "so"),
        ("the", "port", "open"),
        lemmas,
        (("Crews", "ORG"),),
    )
    assert item.__dict__["_packed"].text is text  # the sentences are places in the article's own text
    assert (item.sentences, item.sentence_lemmas, item.title_lemmas) == (sentences, lemmas, ("ferry",))
    assert item.lead_lemmas == ("ferry", "run", "again", "crew", "say", "so") and item.body_lemmas == lemmas[2]
    odd = AnalysedArticle(article, ("Not in the text.",), (), ("x",), (), lemmas, ())  # kept as given
    assert odd.sentences == ("Not in the text.",) and odd.lead_lemmas == ("x",) and odd.body_lemmas == ()
    assert pickle.loads(pickle.dumps(item)) == item and pickle.loads(pickle.dumps(odd)) == odd
    assert dataclasses.replace(item, entities=()).sentence_lemmas == lemmas

    words = [[f"w{t}-{k}" for k in range(2000)] for t in range(4)]
    made: list[AnalysedArticle] = []

    def add(mine: list[str]) -> None:
        made.append(AnalysedArticle(article, (), tuple(mine), (), (), (), ()))

    threads = [threading.Thread(target=add, args=(w,)) for w in words]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(m.title_lemmas for m in made) == sorted(tuple(w) for w in words)


def test_briefing_json_written_article_by_article_is_json_dumps_of_the_whole_dict(tmp_path: Path) -> None:
    """render writes briefing.json with each theme's articles made as they are written
    (:class:`briefer.codec.Lazy`), never the whole day's dict: on the demo day, built by the real
    pipeline (forked workers, SQLite store), for every audience, with sentences printed before and
    without, the file is byte for byte ``json.dumps`` of :func:`briefing_json`'s dict, whether it is
    held in memory or written to a file as it is made (``spool``)."""
    import json
    import shutil
    from datetime import date

    from briefer.config import load_config
    from briefer.context import build_context
    from briefer.memory import sentence_key
    from briefer.pipeline import build
    from briefer.render import briefing_json, render_edition

    root = Path(__file__).resolve().parent.parent
    shutil.copytree(root / "demo", tmp_path / "demo")
    shutil.copy2(root / "sources.yaml", tmp_path / "sources.yaml")
    config = load_config(tmp_path / "sources.yaml")
    briefing, _ = build(config, date(2025, 11, 3))
    articles = [item for theme in briefing.themes for item in theme.articles]
    assert len(briefing.themes) > 2 and len(articles) > 10 and any(t.placements for t in briefing.themes)
    sentences = [s.text for item in articles for s in item.summary]
    for printed in (None, {sentence_key(text): "2025-11-01" for text in sentences[::3]}):
        for audience in config.audiences:
            edition = render_edition(briefing, audience, config, ["json"], printed=printed)
            context = build_context(briefing, audience, None, ["json"], printed)
            data = briefing_json(briefing, audience, context, printed)
            assert all(isinstance(theme["articles"], list) for theme in data["themes"])
            expected = (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
            assert bytes(edition.files["briefing.json"]) == expected
            # written to a file as it is made (as a run does, into the day's staging folder): the same bytes
            spool = tmp_path / "spool" / audience.name
            written_file = render_edition(briefing, audience, config, ["json"], printed=printed, spool=spool)
            assert (spool / "briefing.json").read_bytes() == expected
            assert bytes(written_file.files["briefing.json"]) == expected
            written_file.close()
            written = json.loads(expected)
            assert [[a["id"] for a in theme["articles"]] for theme in written["themes"]] == [
                [item.article.id for item in theme.articles] for theme in briefing.themes
            ]
            assert any(s["printed_before"] for t in written["themes"] for a in t["articles"] for s in a["summary"]) == (
                printed is not None
            )


def test_the_day_s_memo_kept_in_parts_gives_the_same_brief_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The day's memo is written a part at a time (Codec.encode_json_parts, Store.cache_put_parts):
    on the demo day, in parts of 4 KB, a second run reads it back whole and makes the same brief
    without analysing the day again."""
    import logging
    import shutil
    import sqlite3
    from datetime import date

    import briefer.store as store_module
    from briefer.cache import DAY
    from briefer.config import load_config
    from briefer.pipeline import build

    monkeypatch.setattr(store_module, "PART_BYTES", 4096)
    root = Path(__file__).resolve().parent.parent
    shutil.copytree(root / "demo", tmp_path / "demo")
    shutil.copy2(root / "sources.yaml", tmp_path / "sources.yaml")
    config = load_config(tmp_path / "sources.yaml")
    first, _ = build(config, date(2025, 11, 3))
    with sqlite3.connect(config.store.path) as conn:
        (parts,) = conn.execute(
            "SELECT COUNT(*) FROM cache WHERE kind = ? AND key LIKE '%part%'", (DAY.name,)
        ).fetchone()
    assert parts > 10
    with caplog.at_level(logging.INFO, logger="briefer.pipeline"):
        again, _ = build(config, date(2025, 11, 3))
    assert "analysis reused from the store" in caplog.text
    assert again.themes == first.themes and again.dropped == first.dropped
