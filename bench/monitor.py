"""Helpers shared by the scale and load benchmarks: process-tree memory sampling, percentiles, servers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parents[1]
ACCEPT = {"accept": "application/sparql-results+json"}
GIB = 1 << 30


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank on the sorted values; q in 0–100)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


@dataclass
class TreeSampler:
    """Samples the resident memory of a process and all its descendants every ``interval`` seconds."""

    pid: int
    interval: float = 0.2
    peak_process: int = 0  # largest RSS of any single process of the tree
    peak_name: str = ""
    peak_tree: int = 0  # largest sum over the tree
    samples: list[tuple[float, int]] = field(default_factory=list)  # (seconds since start, tree RSS)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> TreeSampler:
        self._start = time.monotonic()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> None:
        try:
            root = psutil.Process(self.pid)
            procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return
        total = 0
        for p in procs:
            try:
                rss = p.memory_info().rss
                name = " ".join(p.cmdline()[1:4])[:60]
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            total += rss
            if rss > self.peak_process:
                self.peak_process, self.peak_name = rss, name
        self.peak_tree = max(self.peak_tree, total)
        self.samples.append((time.monotonic() - self._start, total))

    def window(self, start: float, end: float) -> float:
        """Mean tree RSS (bytes) of the samples taken between ``start`` and ``end`` seconds."""
        values = [rss for t, rss in self.samples if start <= t < end]
        return sum(values) / len(values) if values else float("nan")


def start_budgetkg(store: Path, base: str, log: Path, **env: str) -> tuple[subprocess.Popen, str]:
    """``budgetkg serve`` over ``store`` on a free port; returns (process, SPARQL endpoint URL)."""
    port = free_port()
    environ = {**os.environ, "PYTHONPATH": str(ROOT), "BUDGETKG_STORE_PATH": str(store), "BUDGETKG_BASE_IRI": base,
               "BUDGETKG_HOST": "127.0.0.1", "BUDGETKG_PORT": str(port), **{f"BUDGETKG_{k.upper()}": v for k, v in env.items()}}
    out = log.open("w")
    proc = subprocess.Popen([sys.executable, "-m", "budgetkg.cli", "serve", "--no-sample"], env=environ, cwd=ROOT,
                            stdout=out, stderr=subprocess.STDOUT)
    return proc, f"http://127.0.0.1:{port}/sparql"


def wait_up(url: str, proc: subprocess.Popen, seconds: float = 60, on_wait=None) -> float:
    """Wait until ``url`` answers ``ASK {}``; returns the seconds waited. ``on_wait()`` may raise to give up."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if proc.poll() is not None:
            raise RuntimeError(f"{url}: the server exited with status {proc.returncode}")
        try:
            if httpx.get(url, params={"query": "ASK {}"}, headers=ACCEPT, timeout=5).status_code == 200:
                return time.monotonic() - start
        except httpx.HTTPError:
            pass
        if on_wait:
            on_wait()
        time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer within {seconds:.0f} s")


def stop(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        if p.poll() is None:
            p.terminate()
    for p in procs:
        try:
            p.wait(timeout=15)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
