"""Benchmark: an 8-page tabloid made of the sample's articles, built every way we care about.

    .venv/bin/python benchmarks/run.py [--repeat 3] [--output benchmarks/results.json]

Prints JSON to stdout and writes it to ``--output``. Measured, each in a
fresh process, with wall time from outside and peak resident memory from
``getrusage`` (the process itself and its largest child, a page worker):

- ``cold``: ``newsprint build`` into an empty output folder;
- ``warm``: ``newsprint build`` again after one article of one page changed;
- ``warm_served``: the same, with a ``newsprint serve`` running (the build is
  handed to it; its peak memory is the server's and its workers');
- ``unchanged``: ``newsprint build`` again with nothing changed;
- ``watch``: in a running ``newsprint watch``, from saving an edited article
  to the new picture in the preview (median of several edits);
- ``raw_weasyprint``: the final HTML of every page (dumped from a build)
  rendered and written to PDF in one process by plain WeasyPrint: the engine's
  own limit, without our measuring pass, checks or patches;
- ``typst``: the same articles as a simple 6-column Typst document (``pip
  install -e '.[bench]'``), for scale;
- ``stages``: where a cold build's time goes, in one process (``--jobs 1``):
  imports, reading the manifest, measuring, composing, the final layout,
  writing the PDF and the checks.

Targets (2 cores): a cold build's wall time ÷ raw WeasyPrint's ≤ 0.6, a
one-article edit rebuilt by ``newsprint build`` (with a server) ≤ 1.0 s,
peak memory ≤ 400 MB in every process.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "issues" / "zhongyuan-2025-01-16"
PAGES = 8
EDITED = "p5-zhengxie-changwei.md"  # the article the warm builds change, on page 5
MB = 1024 * 1024
TARGETS = {"cold_vs_raw": 0.6, "warm_seconds": 1.0, "peak_mb": 400}
SERVER_STARTUP = 60.0  # s

# Runs in a child process: one command, then how much memory it and its workers took.
MEASURED = """
import json, resource, sys
from layout.cli import cli
try:
    cli(sys.argv[1:], prog_name="newsprint", standalone_mode=False)
finally:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    print(json.dumps({"peak": own, "child_peak": children}), file=sys.stderr)
"""

# Dumps the final HTML of every page while building in this process.
DUMP = """
import sys
from pathlib import Path
import layout.render.page as page_module
from layout.manifest import load_manifest
from layout.pipeline.issue import build_issue

folder = Path(sys.argv[2])
html = page_module.page_html

def dumping(context, page, modules, mode, *rest):
    text = html(context, page, modules, mode, *rest)
    if mode == "final":
        (folder / f"page-{page.number:02d}.html").write_text(text, encoding="utf-8")
    return text

page_module.page_html = dumping
build_issue(load_manifest(sys.argv[1]), jobs=1)
"""

# Builds in this process, timing each stage (a wrapper around each stage's function).
STAGES = """
import json, sys, time
start = time.perf_counter()
import layout.pipeline.issue as issue_module
import layout.pipeline.pages as pages_module
import layout.render.issue as context_module
import layout.render.page as page_module
from layout.manifest import load_manifest
seconds = {"imports": time.perf_counter() - start}

def timed(module, name, stage):
    function = getattr(module, name)
    def wrapper(*args, **kwargs):
        begun = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            seconds[stage] = seconds.get(stage, 0.0) + time.perf_counter() - begun
    setattr(module, name, wrapper)

timed(issue_module, "issue_context", "manifest")
timed(page_module, "measure_articles", "measure")
timed(page_module, "_compose", "compose")
timed(page_module, "_laid_out", "final_layout")
timed(pages_module, "page_pdf", "pdf")
timed(pages_module, "page_findings", "checks")
begun = time.perf_counter()
issue = load_manifest(sys.argv[1])
seconds["manifest"] = time.perf_counter() - begun
issue_module.build_issue(issue, jobs=1)
seconds["total"] = time.perf_counter() - start
print(json.dumps({k: round(v, 3) for k, v in seconds.items()}))
"""

RAW = """
import json, resource, sys
from pathlib import Path
from weasyprint import HTML

base = sys.argv[1]
for path in sorted(Path(sys.argv[2]).glob("page-*.html")):
    document = HTML(string=path.read_text(encoding="utf-8"), base_url=base).render()
    path.with_suffix(".pdf").write_bytes(document.write_pdf())
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"peak": peak, "child_peak": 0}), file=sys.stderr)
"""

TYPST = """
import json, resource, sys
import typst

typst.compile(sys.argv[1], output=sys.argv[2])
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"peak": peak, "child_peak": 0}), file=sys.stderr)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each build (median)")
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "results.json")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsprint-bench-") as temporary:
        results = run(Path(temporary), options.repeat)
    text = json.dumps(results, ensure_ascii=False, indent=2)
    print(text)
    options.output.write_text(text + "\n", encoding="utf-8")


def run(folder: Path, repeat: int) -> dict[str, Any]:
    issue = make_issue(folder / "issue")
    manifest = issue / "issue.yaml"
    out = folder / "out"
    cold = [build(manifest, out, fresh=True) for _ in range(repeat)]
    article = issue / "articles" / EDITED
    warm = []
    for _ in range(repeat):
        edit(article)
        warm.append(build(manifest, out))
    unchanged = [build(manifest, out) for _ in range(repeat)]
    served = warm_served(manifest, folder / "served-out", folder / "serve", repeat)
    raw = raw_weasyprint(manifest, folder / "html", repeat)
    results: dict[str, Any] = {
        "machine": {"cores": os.cpu_count(), "python": sys.version.split()[0]},
        "issue": {"pages": PAGES, "size": "tabloid", "articles": article_count(manifest)},
        "cold": summary(cold),
        "warm": summary(warm),
        "warm_served": served,
        "unchanged": summary(unchanged),
        "watch": watch_latency(manifest, folder / "watch-out", max(2 * repeat, 5)),
        "raw_weasyprint": summary(raw),
        "typst": typst_build(manifest, folder / "typst", repeat),
        "stages": stages(manifest),
    }
    cold_seconds = results["cold"]["seconds"]
    peaks = [results[k]["peak_mb"] for k in ("cold", "warm", "warm_served")]
    peaks += [results[k]["child_peak_mb"] for k in ("cold", "warm", "warm_served")]
    results["targets"] = {
        "cold_vs_raw": {
            "target": f"<= {TARGETS['cold_vs_raw']} (our seconds / raw seconds)",
            "value": round(cold_seconds / results["raw_weasyprint"]["seconds"], 2),
        },
        "warm_seconds": {
            "target": f"<= {TARGETS['warm_seconds']}",
            "build_served": results["warm_served"]["seconds"],
            "build": results["warm"]["seconds"],
            "watch": results["watch"]["seconds"],
        },
        "peak_mb": {"target": f"<= {TARGETS['peak_mb']} per process", "value": max(peaks)},
    }
    return results


def make_issue(folder: Path) -> Path:
    """8 pages of the sample's articles, each page with its own copies of the files.

    Pages 2–8 repeat the sample page's modules, the two 4-column articles
    and the section's two articles changing places on alternate pages; page 1
    has the masthead and so room for one article less.
    """
    (folder / "articles").mkdir(parents=True)
    data = yaml.safe_load((SAMPLE / "issue.yaml").read_text(encoding="utf-8"))
    lead, section, wide, other = data["pages"][0]["items"]
    pages = []
    for number in range(1, PAGES + 1):
        own_section = copy.deepcopy(section)
        first, second = (wide, other) if number % 2 else (other, wide)
        if number % 3 == 0:
            own_section["items"].reverse()
        if number == 1:
            own_section["items"] = own_section["items"][:1]
        own_section["items"] = [own(item, number, folder) for item in own_section["items"]]
        items = [own(lead, number, folder), own_section, own(first, number, folder)]
        if number > 1:
            items.append(own(second, number, folder))
        pages.append({"number": number, "name": f"第{number}版", "editor": "张三", "items": items})
    data["pages"] = pages
    manifest = folder / "issue.yaml"
    manifest.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return folder


def own(item: dict[str, Any], number: int, folder: Path) -> dict[str, Any]:
    """The item with its own copy of its article file, so an edit touches one page."""
    source = SAMPLE / item["file"]
    name = f"articles/p{number}-{source.name}"
    shutil.copy(source, folder / name)
    return {**copy.deepcopy(item), "file": name}  # nothing shared: no YAML aliases


def article_count(manifest: Path) -> int:
    return len(re.findall(r"^\s+file: ", manifest.read_text(encoding="utf-8"), re.MULTILINE))


def edit(article: Path) -> None:
    """Change one more comma of the article into a semicolon: a text no build has seen."""
    text = article.read_text(encoding="utf-8")
    assert "," in text, "out of commas to change"
    article.write_text(text.replace(",", "；", 1), encoding="utf-8")


def build(manifest: Path, out: Path, *, fresh: bool = False) -> dict[str, Any]:
    if fresh:
        shutil.rmtree(out, ignore_errors=True)
    return measured(["-c", MEASURED, "build", str(manifest), "-o", str(out), "-q"])


def warm_served(manifest: Path, out: Path, socket_folder: Path, repeat: int) -> dict[str, Any]:
    """One-article edits rebuilt by ``newsprint build`` handed to a running ``newsprint serve``
    (wall time from outside; the server's and its workers' peak memory)."""
    socket_folder.mkdir(mode=0o700)
    environment = {**os.environ, "NEWSPRINT_SOCKET": str(socket_folder / "serve.sock")}
    server = subprocess.Popen(
        [sys.executable, "-m", "layout", "serve"],
        env=environment,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert server.stderr is not None
        assert "building on" in server.stderr.readline(), "the server did not start"
        command = [sys.executable, "-m", "layout", "build", str(manifest), "-o", str(out), "-q"]
        subprocess.run(command, env=environment, check=True, cwd=ROOT)  # cold, through it
        article = manifest.parent / "articles" / EDITED
        seconds = []
        for _ in range(repeat):
            edit(article)
            start = time.perf_counter()
            subprocess.run(command, env=environment, check=True, cwd=ROOT)
            seconds.append(time.perf_counter() - start)
        peaks = [peak_memory(server.pid)] + [peak_memory(p) for p in children(server.pid)]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return {
        "seconds": round(statistics.median(seconds), 3),
        "runs": rounded(seconds),
        "peak_mb": round(peaks[0] / MB),
        "child_peak_mb": round(max(peaks[1:], default=0) / MB),
    }


def children(pid: int) -> list[int]:
    listed = Path(f"/proc/{pid}/task/{pid}/children").read_text(encoding="utf-8")
    return [int(child) for child in listed.split()]


def peak_memory(pid: int) -> int:
    """Peak resident memory of a running process, in bytes (Linux)."""
    status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    return int(re.search(r"VmHWM:\s+(\d+) kB", status)[1]) * 1024  # type: ignore[index]


def stages(manifest: Path) -> dict[str, float]:
    """Seconds of each stage of a cold build in one process (``--jobs 1``)."""
    finished = subprocess.run(
        [sys.executable, "-c", STAGES, str(manifest)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return json.loads(finished.stdout.strip().splitlines()[-1])


def raw_weasyprint(manifest: Path, folder: Path, repeat: int) -> list[dict[str, Any]]:
    folder.mkdir()
    subprocess.run([sys.executable, "-c", DUMP, str(manifest), str(folder)], check=True)
    base = manifest.parent.as_uri() + "/"
    return [measured(["-c", RAW, base, str(folder)]) for _ in range(repeat)]


def typst_build(manifest: Path, folder: Path, repeat: int) -> dict[str, Any]:
    try:
        import typst  # noqa: F401  (the bench extra)
    except ImportError:
        return {"skipped": "pip install -e '.[bench]' for the typst package"}
    folder.mkdir()
    source = folder / "issue.typ"
    source.write_text(typst_source(manifest), encoding="utf-8")
    runs = [measured(["-c", TYPST, str(source), str(folder / "issue.pdf")]) for _ in range(repeat)]
    import pypdf

    return {**summary(runs), "pdf_pages": len(pypdf.PdfReader(folder / "issue.pdf").pages)}


def typst_source(manifest: Path) -> str:
    """The issue as a plain Typst document: 6 columns a page, headline and body per article."""
    data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    lines = [
        "#set page(width: 270mm, height: 390mm, margin: (top: 24mm, bottom: 15mm, x: 20mm),"
        " columns: 6)",
        '#set text(font: "Noto Serif CJK SC", size: 9pt, lang: "zh")',
        "#set par(justify: true, leading: 6.75pt, first-line-indent: 2em)",
        '#show heading: set text(font: "Noto Sans CJK SC", size: 16pt)',
    ]
    for index, page in enumerate(data["pages"]):
        if index:
            lines.append("#pagebreak()")
        for item in page["items"]:
            for article in item.get("items", [item]):
                body = (manifest.parent / article["file"]).read_text(encoding="utf-8")
                lines.append(f"= {typst_text(article['headline'])}")
                lines += [typst_text(p) + "\n" for p in body.split("\n\n") if p.strip()]
    return "\n".join(lines) + "\n"


def typst_text(text: str) -> str:
    """Plain text that Typst's markup leaves alone."""
    return re.sub(r"([\\#*_`$<>@\[\]=~/-])", r"\\\1", text.strip())


def watch_latency(manifest: Path, out: Path, edits: int) -> dict[str, Any]:
    """Seconds from saving an edited article to the new state of the preview."""
    process = subprocess.Popen(
        [sys.executable, "-m", "layout", "watch", str(manifest), "-o", str(out), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = re.search(r"http://[\d.]+:\d+", process.stdout.readline())
        assert url, "watch did not say where it serves"

        def state() -> dict[str, Any]:
            with urllib.request.urlopen(url.group() + "/state.json", timeout=10) as response:
                return json.load(response)

        def after(version: int) -> dict[str, Any]:
            while (current := state())["version"] <= version:
                time.sleep(0.01)
            return current

        current = after(0)
        seconds = []
        article = manifest.parent / "articles" / EDITED
        for _ in range(edits):
            start = time.perf_counter()
            edit(article)
            current = after(current["version"])
            seconds.append(time.perf_counter() - start)
            assert current["error"] is None, current["error"]
        return {"seconds": round(statistics.median(seconds), 3), "runs": rounded(seconds)}
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def measured(arguments: list[str]) -> dict[str, Any]:
    """Wall time of a fresh Python process, and the peaks it reports on its last stderr line."""
    start = time.perf_counter()
    finished = subprocess.run(
        [sys.executable, *arguments], capture_output=True, text=True, cwd=ROOT, check=False
    )
    seconds = time.perf_counter() - start
    if finished.returncode != 0:
        raise SystemExit(f"failed: {arguments[2:]}\n{finished.stderr}")
    peaks = json.loads(finished.stderr.strip().splitlines()[-1])
    return {"seconds": seconds, **peaks}


def summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "seconds": round(statistics.median(r["seconds"] for r in runs), 3),
        "runs": rounded([r["seconds"] for r in runs]),
        "peak_mb": round(max(r["peak"] for r in runs) / MB),
        "child_peak_mb": round(max(r["child_peak"] for r in runs) / MB),
    }


def rounded(values: list[float]) -> list[float]:
    return [round(v, 3) for v in values]


if __name__ == "__main__":
    main()
