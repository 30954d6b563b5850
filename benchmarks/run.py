"""Build synthetic archives of several sizes and print one table of what users feel.

    python benchmarks/run.py                 # 100 and 1,000 records
    python benchmarks/run.py 100 1000 10000  # any sizes (10,000 takes about a quarter of an hour)

For each size: a full `inspection-archive build` in a subprocess (generate, MkDocs, search
index; wall time and the peak memory (PSS) of the whole process tree), the bytes of
the same inspection page, the site's bytes, what a reader downloads for a first search and
how long the query takes in Chromium, and the time to preview one edited record the way
`serve` does (incremental regeneration, then a dirty MkDocs build). Ratios are taken within
the run, since absolute times drift on shared machines.
"""
from __future__ import annotations

import functools
import http.server
import os
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "benchmarks" / "out"
sys.path.insert(0, str(REPO / "benchmarks"))

from synth import unique_word, write_archive  # noqa: E402


@dataclass
class Row:
    records: int
    generate: float
    mkdocs: float
    links: float
    search_index: float
    total: float
    cpu: float
    peak_memory_mib: float
    page_bytes: int
    site_bytes: int
    first_search_bytes: int
    query_ms: float
    found_every_sampled_record: bool
    preview: float


def tree_memory_kb(root_pid: int) -> int:
    """Memory of a process and all its descendants: the sum of their proportional set sizes
    (PSS), so pages that forked workers share with their parent are counted once."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parents[int(entry)] = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    family, grew = {root_pid}, True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in family and pid not in family:
                family.add(pid)
                grew = True
    total = 0
    for pid in family:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as rollup:
                total += next(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
        except (OSError, StopIteration, ValueError):
            continue
    return total


def full_build(project: Path) -> tuple[dict[str, float], float, float, float]:
    """Run the real build; return its reported timings, wall seconds, CPU seconds (user and
    system, of the build and every process it waited for) and peak memory in MiB."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "generator", "build", "--project", str(project)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_memory_kb(process.pid))
        time.sleep(0.05)
    wall = time.perf_counter() - started
    out, err = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"build failed:\n{err}{out}")
    found = re.search(r"generated in ([\d.]+)s, MkDocs built in ([\d.]+)s, links checked in ([\d.]+)s, "
                      r"search indexed in ([\d.]+)s", out)
    assert found, out
    timings = dict(zip(("generate", "mkdocs", "links", "search"), map(float, found.groups()), strict=True))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return timings, wall, cpu, peak / 1024


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def first_search(site: Path, page_path: str, samples: list[tuple[str, str]]) -> tuple[int, float, bool]:
    """Bytes a reader downloads for a first search, query time, and whether every sampled
    record is found by a phrase of its own."""
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
            page = browser.new_page()
            page.goto(base + page_path)
            page.wait_for_load_state("networkidle")
            downloaded: list[int] = []
            page.on("requestfinished", lambda r: downloaded.append(r.sizes()["responseBodySize"]))
            query, expected = samples[0]
            page.locator("input.md-search__input").click()
            started = time.perf_counter()
            page.keyboard.type(query)
            try:
                page.locator(f".md-search-result__item a[href*='/inspections/{expected}/']").first.wait_for(
                    timeout=60_000)
            except Exception:
                print(f"first search for {query!r} did not find {expected}", file=sys.stderr)
                return sum(downloaded), float("nan"), False
            query_ms = (time.perf_counter() - started) * 1000 - 150  # less the typing debounce
            first_bytes = sum(downloaded)
            found_all = True
            for query, expected in samples[1:]:
                page.locator("input.md-search__input").fill(query)
                try:
                    page.locator(f".md-search-result__item a[href*='/inspections/{expected}/']").first.wait_for(
                        timeout=15_000)
                except Exception:
                    found_all = False
            browser.close()
    finally:
        server.shutdown()
    return first_bytes, query_ms, found_all


def preview_one_edit(project: Path, record_id: str) -> float:
    """Seconds to preview one edited record as `serve` does, after a warm start (in a process
    of its own, since it rules out forking as serve does)."""
    result = subprocess.run([sys.executable, __file__, "--preview", str(project), record_id],
                            capture_output=True, text=True, check=True)
    return float(result.stdout.split()[-1])


def _preview_in_this_process(project: Path, record_id: str) -> float:
    import logging

    from generator.live_site import LiveSite
    from generator.parallel import forbid_forking
    from generator.pipeline import Project

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    live = LiveSite(Project.at(project), project / "site")
    # Warm, as serve is after its first build: the archive and MkDocs' build in memory. Here the
    # first build is a dirty one over the built site, which renders no page, so one edit
    # follows to compile the page templates as serve's first build does.
    live.rebuild()
    forbid_forking()  # serve runs threads, so it never forks (generator/parallel.py)
    record = project / "content" / "inspections" / f"{record_id}.yml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("text: ", "text: Warming. ", 1), encoding="utf-8")
    live.rebuild()
    record.write_text(text.replace("text: ", "text: Edited. ", 1), encoding="utf-8")
    started = time.perf_counter()
    live.rebuild()
    seconds = time.perf_counter() - started
    assert live.last == "pages", live.last
    record.write_text(text, encoding="utf-8")
    return seconds


def measure(records: int) -> Row:
    project = OUT / str(records)
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    ids = write_archive(project, records)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(REPO / "site_overrides", project / "site_overrides")
    timings, wall, cpu, peak = full_build(project)
    print(f"  {records:,} records: {timings} wall {wall:.1f}s CPU {cpu:.1f}s peak {peak:.0f} MiB", file=sys.stderr,
          flush=True)
    site = project / "site"
    page_bytes = (site / "inspections" / ids[0] / "index.html").stat().st_size
    site_bytes = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    picks = [ids[0]] + [ids[i] for i in range(len(ids) // 7, len(ids), max(1, len(ids) // 7))][:6]
    samples = [(unique_word(ids.index(k)), k) for k in picks]  # a word each of these records alone has
    first_bytes, query_ms, found = first_search(site, f"inspections/{ids[0]}/", samples)
    preview = preview_one_edit(project, ids[0])
    return Row(records, timings["generate"], timings["mkdocs"], timings["links"], timings["search"], wall, cpu, peak,
               page_bytes, site_bytes, first_bytes, query_ms, found, preview)


def print_table(rows: list[Row]) -> None:
    base = rows[0]
    head = ["records", "generate s", "MkDocs s", "link check s", "search index s", "total s", "CPU s",
            "peak memory MiB", "inspection page KB", "page ÷ page@" + str(base.records), "site MB",
            "first search KB", "query ms", "finds sampled records", "preview 1 edit s"]
    lines = [head]
    for r in rows:
        lines.append([f"{r.records:,}", f"{r.generate:.1f}", f"{r.mkdocs:.1f}", f"{r.links:.1f}",
                      f"{r.search_index:.1f}", f"{r.total:.1f}", f"{r.cpu:.0f}", f"{r.peak_memory_mib:.0f}",
                      f"{r.page_bytes / 1000:.1f}", f"{r.page_bytes / base.page_bytes:.2f}",
                      f"{r.site_bytes / 1e6:.1f}", f"{r.first_search_bytes / 1000:.0f}", f"{r.query_ms:.0f}",
                      "yes" if r.found_every_sampled_record else "NO", f"{r.preview:.2f}"])
    print("| " + " | ".join(lines[0]) + " |")
    print("|" + "---|" * len(head))
    for line in lines[1:]:
        print("| " + " | ".join(line) + " |")


def main() -> None:
    if sys.argv[1:2] == ["--preview"]:
        print(f"{_preview_in_this_process(Path(sys.argv[2]), sys.argv[3]):.3f}")
        return
    sizes = [int(a) for a in sys.argv[1:]] or [100, 1000]
    rows = []
    for size in sizes:
        print(f"building {size:,} records …", file=sys.stderr, flush=True)
        rows.append(measure(size))
    print(f"\nMachine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d')}\n")
    print_table(rows)


if __name__ == "__main__":
    main()
