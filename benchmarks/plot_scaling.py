"""Draw the scaling curve of ``benchmarks/speed.py`` results as an SVG (no plotting library).

Three panels, against the number of articles: wall time of each step (cold,
warm, 10% new, and the yardstick where it ran); peak memory (the larger of the
biggest process's RSS and the whole process tree's PSS); and the time to
render the analyst edition's PDF alone (the ``pdf`` step), with the pages of
the cold run's PDF. A dashed line extends the smallest size in proportion
(not for memory, which has a fixed part, the models): a curve bending above
it has a super-linear stage left; a bounded PDF stays flat.

    python benchmarks/plot_scaling.py benchmarks/results/after-*.json -o docs/scaling.svg

Several results files are merged (a later file wins for a size it repeats).
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

SERIES = (  # step, label, colour
    ("naive", "yardstick (naive_brief.py)", "#7f7f7f"),
    ("cold", "cold (empty store)", "#d62728"),
    ("new", "10% new articles", "#ff7f0e"),
    ("warm", "warm (nothing new)", "#1f77b4"),
)
W, H = 1110, 430
PANEL_W, PANEL_H = 270, 280
GAP = 95
LEFT, TOP = 80, 70


def nice_step(span: float, ticks: int = 5) -> float:
    raw = span / max(ticks, 1)
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def fmt(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 or value == 0 else f"{value:g}"


def peak_mb(step: dict[str, Any]) -> float:
    return max(step.get("peak_rss_mb", 0.0), step.get("peak_tree_mb", 0.0))


def load_points(files: list[Path]) -> tuple[dict[str, dict[int, dict[str, Any]]], list[dict[str, Any]]]:
    """step -> size -> step result; and each file's meta."""
    points: dict[str, dict[int, dict[str, Any]]] = {}
    metas = []
    for file in files:
        data = json.loads(file.read_text())
        metas.append(data["meta"])
        for result in data["results"]:
            for step, values in result["steps"].items():
                if values.get("returncode") == 0:
                    points.setdefault(step, {})[result["size"]] = values
    return points, metas


def panel(
    x0: float,
    title: str,
    unit: str,
    lines: list[tuple[str, str, list[tuple[int, float]]]],
    reference: list[tuple[int, float]] | None,
) -> list[str]:
    xs = [x for _, _, pts in lines for x, _ in pts] or [1]
    ys = [y for _, _, pts in lines for _, y in pts] or [1]
    x_max = max(xs) * 1.05
    x_step = nice_step(x_max)
    x_max = math.ceil(x_max / x_step) * x_step
    y_step = nice_step(max(ys) * 1.1)
    y_max = math.ceil(max(ys) * 1.1 / y_step) * y_step

    def px(x: float) -> float:
        return x0 + x / x_max * PANEL_W

    def py(y: float) -> float:
        return TOP + PANEL_H - y / y_max * PANEL_H

    out = [f'<text x="{x0 + PANEL_W / 2}" y="{TOP - 14}" class="title">{escape(title)}</text>']
    placed: list[tuple[float, float]] = []  # value labels already drawn: skip one that would overlap
    tick = 0.0
    while tick <= y_max + 1e-9:
        y = py(tick)
        out.append(f'<line x1="{x0}" y1="{y:.1f}" x2="{x0 + PANEL_W}" y2="{y:.1f}" class="grid"/>')
        out.append(f'<text x="{x0 - 6}" y="{y + 4:.1f}" class="ytick">{fmt(tick)}</text>')
        tick += y_step
    tick = 0.0
    while tick <= x_max + 1e-9:
        x = px(tick)
        out.append(f'<line x1="{x:.1f}" y1="{TOP + PANEL_H}" x2="{x:.1f}" y2="{TOP + PANEL_H + 4}" class="axis"/>')
        out.append(f'<text x="{x:.1f}" y="{TOP + PANEL_H + 18}" class="xtick">{fmt(tick)}</text>')
        tick += x_step
    out.append(f'<rect x="{x0}" y="{TOP}" width="{PANEL_W}" height="{PANEL_H}" class="frame"/>')
    out.append(f'<text x="{x0 + PANEL_W / 2}" y="{TOP + PANEL_H + 38}" class="xlabel">articles</text>')
    out.append(
        f'<text x="{x0 - 50}" y="{TOP + PANEL_H / 2}" class="ylabel" '
        f'transform="rotate(-90 {x0 - 50} {TOP + PANEL_H / 2})">{escape(unit)}</text>'
    )
    if reference and len(reference) >= 1:
        (x1, y1) = reference[0]
        far = max(x for x, _ in reference)
        y2 = y1 * far / x1
        if y2 > y_max:
            far, y2 = x1 * y_max / y1, y_max
        out.append(f'<line x1="{px(x1):.1f}" y1="{py(y1):.1f}" x2="{px(far):.1f}" y2="{py(y2):.1f}" class="linear"/>')
    for _, colour, pts in lines:
        pts = sorted(pts)
        path = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in pts)
        if len(pts) > 1:
            out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for x, y in pts:
            out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3.5" fill="{colour}"/>')
            lx, ly = px(x) + 6, py(y) - 6
            if all(abs(lx - ax) > 34 or abs(ly - ay) > 12 for ax, ay in placed):
                placed.append((lx, ly))
                out.append(f'<text x="{lx:.1f}" y="{ly:.1f}" class="value">{fmt(y)}</text>')
    return out


def draw(points: dict[str, dict[int, dict[str, Any]]], caption: str) -> str:
    time_lines = []
    memory_lines = []
    for step, label, colour in SERIES:
        by_size = points.get(step, {})
        if not by_size:
            continue
        time_lines.append((label, colour, [(n, v["wall_s"]) for n, v in by_size.items()]))
        memory_lines.append((label, colour, [(n, peak_mb(v)) for n, v in by_size.items()]))
    cold = sorted((n, v["wall_s"]) for n, v in points.get("cold", {}).items())
    body = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
        'font-family="DejaVu Sans, Arial, sans-serif" font-size="12">',
        "<style>.title{font-size:14px;font-weight:bold;text-anchor:middle}"
        ".xtick{text-anchor:middle;fill:#333}.ytick{text-anchor:end;fill:#333}"
        ".xlabel,.ylabel{text-anchor:middle;fill:#333}.value{font-size:10px;fill:#444}"
        ".grid{stroke:#e5e5e5}.axis{stroke:#333}.frame{fill:none;stroke:#333}"
        ".linear{stroke:#999;stroke-dasharray:5,4;stroke-width:1.5}.legend{fill:#222}</style>",
        f'<rect width="{W}" height="{H}" fill="white"/>',
        f'<text x="{W / 2}" y="24" class="title" font-size="16">briefer run: time and peak memory vs articles</text>',
    ]
    body += panel(LEFT, "wall time", "seconds", time_lines, cold)
    body += panel(LEFT + PANEL_W + GAP, "peak memory", "MB", memory_lines, None)
    pdf = sorted((n, v["pdf_s"]) for n, v in points.get("pdf", {}).items() if "pdf_s" in v)
    pages = {n: v.get("pdf_pages") for n, v in points.get("cold", {}).items()}
    pdf_lines = [("PDF render", "#2ca02c", pdf)] if pdf else []
    body += panel(LEFT + 2 * (PANEL_W + GAP), "PDF render, analyst edition", "seconds", pdf_lines, pdf or None)
    for n, _ in pdf:
        if pages.get(n):
            x = LEFT + 2 * (PANEL_W + GAP) + 6
            y = TOP + 14 + 14 * pdf.index(next(q for q in pdf if q[0] == n))
            body.append(
                f'<text x="{x}" y="{y}" text-anchor="start" class="value">{n:,} articles: {pages[n]} pages</text>'
            )
    legend_x, legend_y = LEFT, H - 22
    for label, colour, _ in time_lines:
        body.append(f'<rect x="{legend_x}" y="{legend_y - 9}" width="14" height="4" fill="{colour}"/>')
        body.append(f'<text x="{legend_x + 20}" y="{legend_y - 3}" class="legend">{escape(label)}</text>')
        legend_x += 34 + 6.6 * len(label)
    body.append(f'<line x1="{legend_x}" y1="{legend_y - 7}" x2="{legend_x + 24}" y2="{legend_y - 7}" class="linear"/>')
    body.append(
        f'<text x="{legend_x + 30}" y="{legend_y - 3}" class="legend">in proportion to the smallest size</text>'
    )
    body.append(f'<text x="{W / 2}" y="44" text-anchor="middle" fill="#555" font-size="11">{escape(caption)}</text>')
    body.append("</svg>")
    return "\n".join(body) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("results", type=Path, nargs="+", help="results JSON files of benchmarks/speed.py")
    parser.add_argument("-o", "--out", type=Path, default=Path("docs/scaling.svg"))
    args = parser.parse_args()
    points, metas = load_points(args.results)
    if not points:
        raise SystemExit("no successful steps in these results")
    commits = ", ".join(sorted({f"{m['commit']}{'+' if m.get('dirty') else ''}" for m in metas}))
    loads = ", ".join(m["uptime"].split("load average:")[-1].strip() for m in metas)
    caption = f"{', '.join(m['label'] for m in metas)} at {commits}; {metas[0]['cpus']} CPUs; load at start {loads}"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(draw(points, caption))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
