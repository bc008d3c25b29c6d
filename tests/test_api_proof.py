"""A fixed, seeded sample of the API proofs in CI: bench/fuzz_api.py and schemathesis (all checks).

The full runs (10,000 fuzz cases; schemathesis with more examples) are in the README, "Proof".
Both run against the app with the connection limits of `helpcenter serve`, on a copy of the
session build (the fuzzer posts feedback), with rate limits off so every case reaches its route.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def proof_server(built_out, tmp_path_factory):
    import uvicorn

    from helpcenter.connection import uvicorn_options
    from helpcenter.web import create_app

    out = tmp_path_factory.mktemp("proof") / "out"
    shutil.copytree(built_out, out, symlinks=True, ignore=shutil.ignore_patterns("helpcenter.sqlite3*"))
    with pytest.MonkeyPatch.context() as mp:
        for name in ("HELPCENTER_SEARCH_RATE", "HELPCENTER_FEEDBACK_RATE", "HELPCENTER_CLICK_RATE"):
            mp.setenv(name, "off")
        mp.delenv("HELPCENTER_DATABASE_URL", raising=False)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(create_app(out), host="127.0.0.1", port=port, log_level="critical",
                                               **uvicorn_options()))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started:
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
        server.should_exit = True
        thread.join(10)


def test_fuzz_sample_has_no_5xx_and_every_answer_has_the_documented_shape(proof_server):
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "fuzz_api.py"), "--url", proof_server,
                          "--cases", "1500", "--seed", "7"], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "5xx answers: 0; answers breaking a rule: 0" in run.stdout


def test_schemathesis_sample_finds_no_failure_with_all_checks(proof_server, tmp_path):
    schemathesis = Path(sys.executable).parent / "schemathesis"
    run = subprocess.run([str(schemathesis), "run", f"{proof_server}/api/openapi.json", "--checks", "all",
                          "--max-examples", "8", "--seed", "1", "--generation-deterministic",
                          "--report-dir", str(tmp_path)],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)  # cwd: schemathesis.toml
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "No issues found" in run.stdout
