"""Time (and optionally profile) the PDF of one edition alone, the day built once.

The day is built from the workspace's store (run ``briefer run`` on it once
first, so the build is warm), the edition's HTML is rendered, and then only
the HTML -> PDF step (:func:`briefer.render._pdf`) is repeated: the first
call in the process apart (it pays for importing WeasyPrint and initialising
fontconfig/Pango), then ``--repeat`` more calls, each timed in wall time and
CPU time (``time.process_time``: steadier on a shared machine).

    python benchmarks/pdf_speed.py --config /tmp/ws/sources.yaml --date 2025-01-15 \
        [--audience analyst] [--repeat 5] [--profile out.txt] [--save-html out.html] [--save-pdf out.pdf]

Other engineers' changes move what the day holds; to compare two stylesheets
on the very same content, save the HTML once and time it again with
``--html day.html --restyle briefer/templates/analyst/style.css``.

``--profile`` runs one more (untimed) render under pyinstrument and writes its
tree as text, and the self time of each function beside it (``.flat.txt``).
``--profile-import`` profiles the first render instead, WeasyPrint's import
and Pango's set-up included.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def timed(fn: Any) -> tuple[Any, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", required=True, type=Path)
    parser.add_argument("--date", help="the day to build (not needed with --html)")
    parser.add_argument("--html", type=Path, help="time this saved HTML (--save-html) instead of building a day")
    parser.add_argument(
        "--restyle", type=Path, help="replace the HTML's inline stylesheet with this CSS file (same day, new style)"
    )
    parser.add_argument("--audience", default="analyst")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", type=Path, help="write a pyinstrument text tree of one render here")
    parser.add_argument("--profile-import", action="store_true", help="profile the first render (import included)")
    parser.add_argument("--save-html", type=Path)
    parser.add_argument("--save-pdf", type=Path)
    args = parser.parse_args(argv)

    from briefer import render
    from briefer.config import load_config
    from briefer.context import TREND_DAYS, build_context
    from briefer.pipeline import build, select_audiences
    from briefer.store import open_store

    config = load_config(args.config)
    (audience,) = select_audiences(config, [args.audience])
    folders = render.template_search_path(config, audience.template)
    out: dict[str, Any] = {}
    if args.html:
        html = args.html.read_text(encoding="utf-8")
    else:
        if not args.date:
            parser.error("--date is needed unless --html is given")
        day = date.fromisoformat(args.date)
        (briefing, _), build_wall, _ = timed(lambda: build(config, day))
        store = open_store(config.store.path)
        try:
            history = store.theme_volume(TREND_DAYS, day) if store is not None else {}
        finally:
            if store is not None:
                store.close()

        def html_of() -> str:
            context = build_context(briefing, audience, history, ["pdf"])
            body = render.render_markdown(context, config, audience.template, target="html")
            return render.render_html(context, body, config, audience.template)

        html, html_wall, html_cpu = timed(html_of)
        out.update(build_s=round(build_wall, 2), html_s=round(html_wall, 3), html_cpu_s=round(html_cpu, 3))
    if args.restyle:
        start, end = html.index("<style>") + len("<style>"), html.index("</style>")
        html = html[:start] + "\n" + args.restyle.read_text(encoding="utf-8") + "\n" + html[end:]
    if args.save_html:
        args.save_html.write_text(html, encoding="utf-8")
    out["html_bytes"] = len(html.encode())

    profiler = None
    if args.profile and args.profile_import:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.001)
        profiler.start()
    pdf, first_wall, first_cpu = timed(lambda: render._pdf(html, folders))
    if profiler is not None:
        profiler.stop()
    out.update(first_s=round(first_wall, 3), first_cpu_s=round(first_cpu, 3), pdf_bytes=len(pdf))
    if args.save_pdf:
        args.save_pdf.write_bytes(pdf)

    walls, cpus = [], []
    for _ in range(args.repeat):
        _, wall, cpu = timed(lambda: render._pdf(html, folders))
        walls.append(wall)
        cpus.append(cpu)
    if walls:
        out.update(
            repeat=args.repeat,
            median_s=round(statistics.median(walls), 3),
            median_cpu_s=round(statistics.median(cpus), 3),
            min_cpu_s=round(min(cpus), 3),
        )

    if args.profile:
        if profiler is None:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.001)
            profiler.start()
            render._pdf(html, folders)
            profiler.stop()
        from pyinstrument.renderers import ConsoleRenderer

        session = profiler.last_session
        assert session is not None
        tree = ConsoleRenderer(unicode=True, show_all=True, processor_options={"filter_threshold": 0.01})
        flat = ConsoleRenderer(unicode=True, flat=True, show_all=True)
        args.profile.write_text(tree.render(session), encoding="utf-8")
        args.profile.with_suffix(".flat.txt").write_text(flat.render(session), encoding="utf-8")

    print("PDF_SPEED " + json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
