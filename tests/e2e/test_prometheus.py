"""A real Prometheus server scrapes the pipeline and sees the statement rate."""

from __future__ import annotations

import asyncio
import shutil
import time
from pathlib import Path

import httpx

from devstack.probes import free_port, http_ok
from devstack.processes import ManagedProcess
from tests.fixtures.pipeline import CREDENTIALS, XAPI_HEADERS, Pipeline
from tests.statements import completion

SCRAPE = """\
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: lrs
    static_configs:
      - targets: [{targets}]
"""


async def test_prometheus_sees_a_non_zero_statement_rate(
    pipeline: Pipeline, tmp_path: Path
) -> None:
    binary = shutil.which("prometheus")
    assert binary, "Debian's prometheus package is needed (deploy/local/install-prometheus.sh)"
    targets = ", ".join(
        f"'{url.removeprefix('http://')}'"
        for url in (pipeline.ingest_url, pipeline.aggregator_url, pipeline.query_url)
    )
    config = tmp_path / "prometheus.yml"
    config.write_text(SCRAPE.format(targets=targets))
    port = free_port()
    prometheus = ManagedProcess(
        name="prometheus",
        command=[binary, f"--config.file={config}", f"--web.listen-address=127.0.0.1:{port}",
                 f"--storage.tsdb.path={tmp_path / 'tsdb'}"],
        run_dir=tmp_path, log_dir=tmp_path,
        ready=lambda: http_ok(f"http://127.0.0.1:{port}/-/ready"),
    )  # fmt: skip
    prometheus.start(60)
    try:
        rate = await _send_until_rate_is_seen(pipeline, f"http://127.0.0.1:{port}")
    finally:
        prometheus.stop()
    assert rate > 0


async def _send_until_rate_is_seen(pipeline: Pipeline, prometheus: str) -> float:
    query = "sum(rate(lrs_ingest_statements_accepted_total[10s]))"
    deadline = time.monotonic() + 60
    async with httpx.AsyncClient(auth=CREDENTIALS, headers=XAPI_HEADERS, timeout=10) as http:
        # Bounded: at most 60 s and 600 batches of 5.
        for _ in range(600):
            response = await http.post(
                f"{pipeline.ingest_url}/xapi/statements", json=[completion() for _ in range(5)]
            )
            assert response.status_code == 200
            answer = (await http.get(f"{prometheus}/api/v1/query", params={"query": query})).json()
            results = answer["data"]["result"]
            if results and float(results[0]["value"][1]) > 0:
                return float(results[0]["value"][1])
            if time.monotonic() > deadline:
                return 0.0
            await asyncio.sleep(0.1)
    return 0.0
