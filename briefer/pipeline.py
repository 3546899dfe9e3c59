"""The pipeline: compose the stages; write nothing until every stage has succeeded.

``build`` runs the analysis once (gather -> extract -> select -> analyse ->
summarize -> group) and returns a :class:`Briefing`; ``render_all`` renders
each audience's edition in memory; ``write_editions`` writes the files, each
atomically. ``run`` is the three in a row, which is what the CLI and the
scheduler call.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from briefer.analyse import analyse
from briefer.config import Audience, Config, ConfigError
from briefer.extract import extract
from briefer.gather import gather
from briefer.group import OTHER, assign_themes
from briefer.models import Article, Briefing, DroppedArticle, SourceReport, ThemeGroup
from briefer.render import Edition, render_edition
from briefer.select import day_window, select
from briefer.stories import find_stories
from briefer.summarize import summarize_articles, summarize_group

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` while a run advances."""


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def now() -> datetime:
    """The run's clock: ``SOURCE_DATE_EPOCH`` when set (reproducible output), else the time."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(UTC).replace(microsecond=0)


def today(config: Config) -> date:
    return now().astimezone(ZoneInfo(config.briefing.timezone)).date()


@dataclass
class RunReport:
    """What a run did, for the closing report and for the logs."""

    sources: list[SourceReport] = field(default_factory=list)
    documents: int = 0
    kept: int = 0
    merged: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    written: list[Path] = field(default_factory=list)


def build(config: Config, day: date, progress: Progress = _no_progress) -> tuple[Briefing, RunReport]:
    """Gather and analyse the day once; the result renders into any edition."""
    report = RunReport()
    total_sources = len(config.sources)
    done = 0

    def source_done(_: SourceReport) -> None:
        nonlocal done
        done += 1
        progress("gather", done, total_sources)

    progress("gather", 0, total_sources)
    gathered = gather(config, on_source_done=source_done)
    report.sources = gathered.reports
    report.documents = len(gathered.documents) + len(gathered.dropped)
    dropped: list[DroppedArticle] = list(gathered.dropped)

    progress("extract", 0, len(gathered.documents))
    articles: list[Article] = []
    always: set[str] = set()
    for i, doc in enumerate(gathered.documents, 1):
        result = extract(doc, config.briefing.max_article_chars)
        if isinstance(result, DroppedArticle):
            log.info("dropped %s: %s", doc.url, result.reason)
            dropped.append(result)
        else:
            articles.append(result)
            if doc.in_window_always:
                always.add(result.id)
        progress("extract", i, len(gathered.documents))

    selection = select(articles, day_window(day, config.briefing.timezone), always, config.duplicates.threshold)
    dropped.extend(selection.dropped)
    report.merged = selection.merged
    report.kept = len(selection.articles)

    progress("analyse", 0, len(selection.articles))
    analysed = analyse(selection.articles)
    progress("analyse", len(analysed), len(selection.articles))

    options = config.summaries
    summarized = summarize_articles(analysed, options.algorithm, options.article_sentences)
    by_id = {s.article.id: s for s in summarized}
    progress("summarize", len(summarized), len(summarized))

    groups = assign_themes(analysed, config.themes)
    themes: list[ThemeGroup] = []
    for name, members in groups.items():
        if not members:
            continue
        items = tuple(by_id[a.article.id] for a, _ in members)
        themes.append(
            ThemeGroup(
                name=name,
                summary=summarize_group(items, options.theme_sentences) if name != OTHER else (),
                articles=items,
                scores={a.article.id: round(score, 3) for a, score in members},
                stories=find_stories(items, config.stories.threshold, options.theme_sentences) if name != OTHER else (),
            )
        )
    progress("group", len(themes), len(themes))
    for item in dropped:
        report.dropped[item.reason] += 1
    briefing = Briefing(
        title=config.briefing.title,
        date=day.isoformat(),
        timezone=config.briefing.timezone,
        generated_at=now(),
        themes=tuple(themes),
        sources_report=tuple(gathered.reports),
        dropped=tuple(dropped),
        documents_read=report.documents,
    )
    return briefing, report


def select_audiences(config: Config, names: Sequence[str] | None) -> list[Audience]:
    if not names:
        return list(config.audiences)
    return [config.audience(n) for n in names]


def render_all(
    briefing: Briefing, config: Config, audiences: Sequence[Audience], formats: Sequence[str] | None = None
) -> list[Edition]:
    """Every edition, rendered in memory; raises before anything is written."""
    return [render_edition(briefing, a, config, formats or a.formats) for a in audiences]


def write_atomic(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` so that readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def edition_dir(output: Path, day: date, audience: str) -> Path:
    return output / day.isoformat() / audience


def write_editions(editions: Sequence[Edition], output: Path, day: date) -> list[Path]:
    written = []
    for edition in editions:
        folder = edition_dir(output, day, edition.audience)
        for name, content in edition.files.items():
            target = folder / name
            write_atomic(target, content)
            written.append(target)
    return written


def run(
    config: Config,
    day: date | None = None,
    audiences: Sequence[str] | None = None,
    formats: Sequence[str] | None = None,
    output: Path | None = None,
    progress: Progress = _no_progress,
) -> tuple[Briefing, RunReport]:
    """Build the day's brief and write every edition; the CLI and scheduler call this."""
    chosen = select_audiences(config, audiences)  # fail on an unknown audience before any work
    if formats:
        unknown = sorted(set(formats) - {"md", "pdf", "json", "html"})
        if unknown:
            raise ConfigError(f"unknown format(s): {', '.join(unknown)} (choose from md, pdf, json, html)")
    day = day or today(config)
    briefing, report = build(config, day, progress)
    progress("render", 0, len(chosen))
    editions = render_all(briefing, config, chosen, formats)
    progress("render", len(chosen), len(chosen))
    report.written = write_editions(editions, output or config.output, day)
    return briefing, report
