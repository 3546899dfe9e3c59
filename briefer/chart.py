"""The volume chart: articles per theme today, and each theme's last days, as inline SVG.

Drawn here in a few lines of Python (no plotting library): rows of
horizontal bars for the day and small columns for the trend. Every label is
XML-escaped, so a theme name can never become markup. WeasyPrint draws the
SVG as vectors in the PDF.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape, quoteattr

WIDTH = 640
ROW = 24
TOP = 30
BOTTOM = 8
BAR_X, BAR_W = 190, 160  # today's bars (theme names to their left)
TREND_X, TREND_W = 410, 182  # the columns of the trend ("max N" to their right)
INK, TODAY, PAST, RULE, MUTED = "#0b2545", "#13315c", "#8da9c4", "#d5dde8", "#555555"
FONT = "DejaVu Sans, Helvetica, sans-serif"
LATER = "Earlier days will appear here as briefs are made."  # said once, where the trend will be


@dataclass(frozen=True)
class VolumeRow:
    """One theme's article counts: ``counts[i]`` is for ``days[i]``; ``None`` = no run recorded that day."""

    theme: str
    counts: tuple[int | None, ...]

    @property
    def today(self) -> int:
        return self.counts[-1] or 0


def _label(day: str) -> str:
    d = date.fromisoformat(day)
    return f"{d.day} {d:%b}"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def has_earlier_days(rows: Sequence[VolumeRow]) -> bool:
    """Whether any day before the briefing's has a brief (a count, even 0): on a fresh workspace
    none has, and a trend of nothing but dashes is noise."""
    return any(count is not None for row in rows for count in row.counts[:-1])


def volume_svg(days: Sequence[str], rows: Sequence[VolumeRow]) -> str:
    """The chart as one ``<svg>`` element; ``days`` oldest first, the briefing's day last. With no
    brief on an earlier day, today's bars only, and one line saying the trend comes later."""
    if not has_earlier_days(rows):
        return _today_svg(rows)
    height = TOP + ROW * max(len(rows), 1) + BOTTOM
    top_today = max((r.today for r in rows), default=0) or 1
    n = max(len(days), 1)
    slot = TREND_W / n
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="volume-chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" '
        f'aria-label="Articles per theme today and on each of the last {n} days">',
        f'<g font-family="{FONT}" font-size="10" fill="{INK}">',
        f'<text x="{BAR_X}" y="12" font-size="9" fill="{MUTED}">Articles today</text>',
        f'<text x="{TREND_X}" y="12" font-size="9" fill="{MUTED}">Last {n} days (each row to its own scale)</text>',
    ]
    for i, day in enumerate(days):
        if i in (0, n - 1) or n <= 4:
            x = TREND_X + slot * i + slot / 2
            label = escape(_label(day))
            parts.append(f'<text x="{x:.1f}" y="24" font-size="7.5" fill="{MUTED}" text-anchor="middle">{label}</text>')
    if not rows:
        parts.append(f'<text x="0" y="{TOP + 14}" fill="{MUTED}">No articles on this day.</text>')
    for r, row in enumerate(rows):
        y = TOP + r * ROW
        mid = y + ROW / 2
        parts += _today_bar(row, y, top_today)
        known = [c for c in row.counts if c is not None]
        peak = max(known, default=0) or 1
        for i, count in enumerate(row.counts):
            x = TREND_X + slot * i + 2
            w = slot - 4
            if count is None:  # no run that day: a short dash, so a gap is not read as zero news
                parts.append(
                    f'<line x1="{x:.1f}" y1="{y + ROW - 5}" x2="{x + w:.1f}" y2="{y + ROW - 5}" '
                    f'stroke="{RULE}" stroke-width="1.5"/>'
                )
                continue
            h = max((ROW - 8) * count / peak, 0.8 if count else 0)
            colour = TODAY if i == len(row.counts) - 1 else PAST
            title = f"{_label(days[i])}: {count}" if i < len(days) else str(count)
            parts.append(
                f'<rect x="{x:.1f}" y="{y + ROW - 4 - h:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{colour}">'
                f"<title>{escape(title)}</title></rect>"
            )
        parts.append(
            f'<text x="{WIDTH}" y="{mid + 3.5:.1f}" font-size="7.5" fill="{MUTED}" text-anchor="end" '
            f"aria-label={quoteattr(f'most in one day: {peak}')}>max {max(known, default=0)}</text>"
        )
    parts.append("</g></svg>")
    return "".join(parts)


def _today_svg(rows: Sequence[VolumeRow]) -> str:
    top = 18  # no row of day labels above the bars
    height = top + ROW * max(len(rows), 1) + BOTTOM
    top_today = max((r.today for r in rows), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="volume-chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-label="Articles per theme today">',
        f'<g font-family="{FONT}" font-size="10" fill="{INK}">',
        f'<text x="{BAR_X}" y="12" font-size="9" fill="{MUTED}">Articles today</text>',
        f'<text x="{TREND_X}" y="12" font-size="9" fill="{MUTED}">{LATER}</text>',
    ]
    if not rows:
        parts.append(f'<text x="0" y="{top + 14}" fill="{MUTED}">No articles on this day.</text>')
    for r, row in enumerate(rows):
        parts += _today_bar(row, top + r * ROW, top_today)
    parts.append("</g></svg>")
    return "".join(parts)


def _today_bar(row: VolumeRow, y: float, top_today: int) -> list[str]:
    """One theme's row from ``y`` down: its rule, its name and today's bar with its count."""
    mid = y + ROW / 2
    width = BAR_W * row.today / top_today
    return [
        f'<line x1="0" y1="{y + ROW}" x2="{WIDTH}" y2="{y + ROW}" stroke="{RULE}" stroke-width="0.5"/>',
        f'<text x="0" y="{mid + 3.5:.1f}">{escape(_clip(row.theme, 32))}</text>',
        f'<rect x="{BAR_X}" y="{y + 6}" width="{width:.1f}" height="{ROW - 12}" fill="{TODAY}"/>',
        f'<text x="{BAR_X + width + 4:.1f}" y="{mid + 3.5:.1f}" font-size="9">{row.today}</text>',
    ]
