"""Benchmark: many editions at once, on the local pool and on a local Dask cluster.

    .venv/bin/python benchmarks/editions.py [--editions 8] [--workers 2]

Each edition is ``run.py``'s 8-page tabloid of the sample's articles (its own
copies of the files). Both ways build every edition in one command
(``newsprint build E1/issue.yaml … -o DIR --no-cache``): once with the
local process pool, once with ``--scheduler`` on a cluster of WORKERS
``dask worker --nthreads 1`` processes on this machine. Prints JSON: wall
times, seconds per page, and the overhead per page of going through the
scheduler (cluster minus local, per page). The PDFs of both are compared.
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from run import PAGES, make_issue

DASK = Path(sys.executable).parent / "dask"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--editions", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        manifests = [make_issue(folder / f"edition-{n}") for n in range(options.editions)]
        manifests = [m if m.name == "issue.yaml" else m / "issue.yaml" for m in manifests]
        local = timed(manifests, folder / "local", [])
        with Cluster(options.workers) as address:
            remote = timed(manifests, folder / "cluster", ["--scheduler", address])
        same = all(
            (folder / "local" / m.parent.name / "issue.pdf").read_bytes()
            == (folder / "cluster" / m.parent.name / "issue.pdf").read_bytes()
            for m in manifests
        )
    pages = options.editions * PAGES
    print(
        json.dumps(
            {
                "editions": options.editions,
                "pages": pages,
                "workers": options.workers,
                "local_seconds": round(local, 2),
                "cluster_seconds": round(remote, 2),
                "local_per_page": round(local / pages, 3),
                "cluster_per_page": round(remote / pages, 3),
                "overhead_per_page": round((remote - local) / pages, 3),
                "identical": same,
            },
            indent=2,
        )
    )


def timed(manifests: list[Path], out: Path, extra: list[str]) -> float:
    start = time.perf_counter()
    command = ["build", *map(str, manifests), "-o", str(out), "--no-cache", "-q", *extra]
    subprocess.run([sys.executable, "-m", "layout", *command], check=True)
    return time.perf_counter() - start


class Cluster:
    """A scheduler and WORKERS workers on 127.0.0.1, for as long as the block runs."""

    def __init__(self, workers: int) -> None:
        self.workers = workers

    def __enter__(self) -> str:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        address = f"tcp://127.0.0.1:{port}"
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        self.processes = [
            subprocess.Popen(
                [DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                **quiet,
            )
        ] + [
            subprocess.Popen(
                [DASK, "worker", address, "--nthreads", "1", "--no-dashboard"], **quiet
            )
            for _ in range(self.workers)
        ]
        from distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(self.workers, timeout=60)
        return address

    def __exit__(self, *exc: object) -> None:
        for process in reversed(self.processes):
            process.terminate()
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
