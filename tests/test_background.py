"""helpcenter.background: a step run in a second process, and one handed items while it runs."""
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpcenter.background import Background


def joined(prefix, *, items, progress):
    """Module level: the worker imports it by name."""
    got = []
    for item in items:
        got.append(f"{prefix}{item}")
        progress(f"had {item}")
    return got


def fails_at(bad, *, items, progress):
    for item in items:
        if item == bad:
            raise ValueError(f"cannot take {item!r}")
    return "never"


def test_a_fed_worker_gets_every_item_in_order_until_end():
    said = []
    with Background.fed(joined, "x-") as job:
        for n in range(500):
            job.put(n)
        job.end()
        assert job.result(said.append) == [f"x-{n}" for n in range(500)]
    assert said == [f"had {n}" for n in range(500)]


def test_result_ends_the_items_and_put_after_the_end_is_refused():
    job = Background.fed(joined, "")
    job.put("a")
    assert job.result() == ["a"]
    with pytest.raises(RuntimeError, match="put\\(\\) after end\\(\\)"):
        job.put("b")
    with pytest.raises(RuntimeError, match="not fed"):
        Background(sum, [1]).put(1)


def test_a_fed_worker_that_fails_is_reported_and_later_items_do_not_block():
    with Background.fed(fails_at, "bad") as job:
        job.put("good")
        job.put("bad")
        for n in range(20_000):  # more than a pipe holds, sent after the worker is gone
            job.put("x" * 100)
        with pytest.raises(ValueError, match="cannot take 'bad'") as failure:
            job.result()
    assert "in the background process running test_background.fails_at" in failure.value.__notes__[0]


def test_leaving_the_block_without_the_result_stops_a_fed_worker():
    started = time.monotonic()
    with pytest.raises(KeyError):
        with Background.fed(joined, "") as job:
            job.put(1)
            raise KeyError("the caller failed")
    assert job._process.poll() is not None and not job._sender.is_alive()
    assert time.monotonic() - started < 30


def sleeps(seconds, *, progress):
    progress("started")
    time.sleep(seconds)
    return seconds


CALLER = """
import sys, time
sys.path[:0] = {paths!r}
from helpcenter.background import Background
from test_background import sleeps
job = Background(sleeps, 120)
print(job._process.pid, flush=True)
job.result(lambda message: None)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel's parent-death signal is Linux's")
def test_a_worker_ends_when_its_caller_is_killed():
    # A build killed outright (SIGKILL here; SIGTERM's default is the same) runs no `with` block
    # that would stop its worker: the kernel ends the worker (helpcenter.background._die_with_parent).
    tests = str(Path(__file__).resolve().parent)
    caller = subprocess.Popen([sys.executable, "-c", CALLER.format(paths=[tests, *sys.path])],
                              stdout=subprocess.PIPE, text=True)
    try:
        worker = int(caller.stdout.readline())
        time.sleep(0.5)  # the worker is running `sleeps`
        assert alive(worker)
        caller.kill()
        caller.wait()
        deadline = time.monotonic() + 30
        while alive(worker) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not alive(worker)
    finally:
        caller.kill()
        caller.stdout.close()


def alive(pid):
    """Whether ``pid`` runs (not a zombie: the killed caller's orphan is reaped by init)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
