"""lesson.app.capacity without a browser: the limits, the busy page, admission and reclaiming.

The browser side (a real server with a cap of 1) is tests/browser/test_busy_page.py.
"""

from __future__ import annotations

import argparse
import asyncio
import re
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest

from lesson.app import capacity as cap
from lesson.cli import parser as cli_parser

GIB = 2**30


def test_default_kernel_cap_follows_memory_and_cpus() -> None:
    assert cap.default_max_kernels(memory=4 * GIB, cpus=2) == (4096 - cap.RESERVE_MIB) // cap.KERNEL_MIB
    assert cap.default_max_kernels(memory=24 * GIB, cpus=2) == 2 * cap.KERNELS_PER_CPU
    assert cap.default_max_kernels(memory=24 * GIB, cpus=8) == (24 * 1024 - cap.RESERVE_MIB) // cap.KERNEL_MIB
    assert cap.default_max_kernels(memory=256 * 2**20, cpus=1) == 2  # never below 2
    assert cap.default_max_starting(cpus=2) == 2 * cap.STARTS_PER_CPU
    assert cap.default_max_kernels() >= 2 and cap.usable_cpus() >= 1


def test_limits_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cap.MAX_KERNELS_ENV, "3")
    monkeypatch.setenv(cap.MAX_STARTING_ENV, "8")
    monkeypatch.setenv(cap.RECLAIM_ENV, "30")
    assert cap.Limits.from_env() == cap.Limits(3, 3, 30.0)  # never more pages built than kernels allowed
    monkeypatch.setenv(cap.MAX_KERNELS_ENV, "lots")
    monkeypatch.setenv(cap.RECLAIM_ENV, "0")
    limits = cap.Limits.from_env()
    assert limits.max_kernels >= 2  # the bad value is ignored: the machine's default
    assert limits.reclaim_after == cap.RECLAIM_S
    assert "at most" in limits.describe()


def test_command_line_options_reach_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cap.MAX_KERNELS_ENV, raising=False)
    monkeypatch.delenv(cap.MAX_STARTING_ENV, raising=False)
    args = cli_parser().parse_args(["app", "--max-kernels", "12", "--max-starting", "2"])
    cap.apply_options(args)
    assert cap.Limits.from_env().max_kernels == 12
    assert cap.Limits.from_env().max_starting == 2
    with pytest.raises(SystemExit):
        cli_parser().parse_args(["app", "--max-kernels", "0"])
    own = argparse.ArgumentParser()
    cap.add_options(own)
    assert own.parse_args([]).max_kernels is None  # no option: the machine's default


def test_busy_page_is_self_contained_accessible_and_escapes_the_address() -> None:
    html = cap.busy_page('/voila/render/01_anatomy.ipynb?learner="><script>alert(1)</script>')
    assert html.startswith("<!doctype html>") and '<html lang="en">' in html
    assert "<title>The lesson is busy" in html and "<h1>The lesson is busy</h1>" in html
    assert 'role="status"' in html and "this page will retry in a few seconds" in html
    assert "<script>alert(1)</script>" not in html and "&quot;&gt;&lt;script&gt;" in html
    assert re.search(r"(src|href)=\"https?:", html) is None  # nothing fetched from anywhere
    assert "http-equiv" not in html  # retries by script the learner can stop, not by meta refresh
    assert "emergency" in html  # the lesson's help line, as on every page
    assert "Traceback" not in html


@dataclass
class FakeKernel:
    connections: int = 0
    execution_state: str = "idle"


@dataclass
class FakeKernelManager:
    kernels: dict[str, FakeKernel] = field(default_factory=dict)
    started: int = 0

    def list_kernel_ids(self) -> list[str]:
        return list(self.kernels)

    def kernel_model(self, kid: str) -> dict:
        return {"id": kid, "connections": self.kernels[kid].connections}

    def get_kernel(self, kid: str) -> FakeKernel:
        return self.kernels[kid]

    async def start_kernel(self, **_: object) -> str:
        self.started += 1
        kid = f"k{self.started}"
        self.kernels[kid] = FakeKernel()
        return kid

    async def shutdown_kernel(self, kid: str) -> None:
        del self.kernels[kid]


def test_admission_counts_kernels_and_pages_being_built() -> None:
    km = FakeKernelManager()
    gate = cap.Gate(km, cap.Limits(max_kernels=2, max_starting=1))
    gate.watch_starts()

    async def scenario() -> None:
        first = await gate.enter(wait_s=0)
        assert first is not None
        assert await gate.enter(wait_s=0.3) is None  # one page is being built: the next one waits
        kid = await km.start_kernel()
        assert first.started and first.kernel_id == kid  # counted once, by the kernel manager
        gate.leave(first)  # the page is sent...
        assert await gate.enter(wait_s=0.3) is None  # ...but still starting until its browser connects
        km.kernels[kid].connections = 1
        second = await gate.enter(wait_s=0)
        assert second is not None
        kid2 = await km.start_kernel()
        gate.leave(second)
        km.kernels[kid2].connections = 1
        assert await gate.enter(wait_s=0.3) is None  # two kernels: full
        await km.shutdown_kernel(kid)  # a page is left
        assert await gate.enter(wait_s=0) is not None

    asyncio.run(scenario())
    assert gate.refused == 3


def test_waiting_pages_get_in_in_the_order_they_came() -> None:
    km = FakeKernelManager({"busy": FakeKernel(connections=1)})
    gate = cap.Gate(km, cap.Limits(max_kernels=1, max_starting=1))
    order: list[str] = []

    async def page(name: str, delay: float) -> None:
        await asyncio.sleep(delay)
        slot = await gate.enter(wait_s=5)
        assert slot is not None
        order.append(name)
        km.kernels[name] = FakeKernel(connections=1)
        gate.leave(slot)
        await asyncio.sleep(0.05)
        del km.kernels[name]  # the learner leaves again

    async def scenario() -> None:
        waiting = [asyncio.create_task(page(n, i * 0.02)) for i, n in enumerate("abc")]
        await asyncio.sleep(0.3)
        del km.kernels["busy"]
        await asyncio.gather(*waiting)

    asyncio.run(scenario())
    assert order == ["a", "b", "c"]


def test_the_learner_who_waited_longest_gets_in_first() -> None:
    """A reload from the busy page carries when its learner began waiting; that, not the moment
    of the reload, decides who is next."""
    km = FakeKernelManager({"busy": FakeKernel(connections=1)})
    gate = cap.Gate(km, cap.Limits(max_kernels=1, max_starting=1))
    order: list[str] = []

    async def page(name: str, since: float | None) -> None:
        slot = await gate.enter(wait_s=5, since=since)
        assert slot is not None
        order.append(name)
        gate.leave(slot)

    async def scenario() -> None:
        newcomer = asyncio.create_task(page("newcomer", None))
        await asyncio.sleep(0.05)
        veteran = asyncio.create_task(page("veteran", 1.0))  # reloaded later, but waiting since long ago
        await asyncio.sleep(0.2)
        del km.kernels["busy"]
        await asyncio.gather(newcomer, veteran)

    asyncio.run(scenario())
    assert order == ["veteran", "newcomer"]


def test_reclaims_unconnected_kernels_only() -> None:
    km = FakeKernelManager({
        "curl": FakeKernel(connections=0),
        "open": FakeKernel(connections=1),
        "crashed": FakeKernel(connections=1),
        "running": FakeKernel(connections=0, execution_state="busy"),
        "building": FakeKernel(connections=0),
    })
    gate = cap.Gate(km, cap.Limits(max_kernels=10, max_starting=2, reclaim_after=100))
    gate.slots.append(cap.Slot(started=True, kernel_id="building"))
    assert gate.to_reclaim(now=0) == []
    km.kernels["crashed"].connections = 0  # its tab died without saying goodbye
    assert gate.to_reclaim(now=50) == []
    assert gate.to_reclaim(now=100) == ["curl"]  # never connected: after reclaim_after
    assert gate.to_reclaim(now=100 + 50 + 100 * cap.DISCONNECTED_FACTOR) == ["crashed", "curl"]
    km.kernels["running"].execution_state = "idle"
    assert "running" in gate.to_reclaim(now=1000)
    assert "open" not in gate.to_reclaim(now=10_000) and "building" not in gate.to_reclaim(now=10_000)


def test_a_page_a_browser_has_parsed_keeps_its_kernel_longer_than_a_curl() -> None:
    """The seen beacon: a page whose front end is still starting on a slow machine is not a curl."""
    km = FakeKernelManager({"curl": FakeKernel(), "slow-browser": FakeKernel()})
    gate = cap.Gate(km, cap.Limits(max_kernels=10, max_starting=2, reclaim_after=100))
    assert gate.mark_seen("slow-browser") and not gate.mark_seen("no-such-kernel")
    assert gate.to_reclaim(now=0) == []
    assert gate.to_reclaim(now=100) == ["curl"]
    assert gate.to_reclaim(now=100 * cap.SEEN_FACTOR - 1) == ["curl"]
    assert gate.to_reclaim(now=100 * cap.SEEN_FACTOR) == ["curl", "slow-browser"]
    km.kernels["slow-browser"].connections = 1  # it connected after all: never reclaimed while open
    assert gate.to_reclaim(now=10_000) == ["curl"]


def test_reclaim_shuts_kernels_down_and_preheated_ones_are_kept() -> None:
    done = asyncio.Future  # a finished pool entry, as Voila keeps them

    async def scenario() -> None:
        pooled: asyncio.Future = done()
        pooled.set_result({"kernel_id": "pool"})
        km = FakeKernelManager({"curl": FakeKernel(), "pool": FakeKernel()})
        km._pools = {"01_anatomy.ipynb": [pooled]}  # type: ignore[attr-defined]
        gate = cap.Gate(km, cap.Limits(max_kernels=10, max_starting=2, reclaim_after=1),
                        log=SimpleNamespace(warning=lambda *a: None, info=lambda *a: None))
        gate.unconnected = {"curl": -100.0, "pool": -100.0}
        await gate.reclaim()
        assert km.list_kernel_ids() == ["pool"]

    asyncio.run(scenario())


def test_stuck_or_unconnected_pages_give_up_their_starting_place() -> None:
    km = FakeKernelManager({"k": FakeKernel()})
    gate = cap.Gate(km, cap.Limits(max_kernels=5, max_starting=1))
    stuck = cap.Slot(started=True, kernel_id="k", since=-cap.BUILD_LIMIT_S - 1)
    gate.slots.append(stuck)  # still building after BUILD_LIMIT_S
    assert gate.room()
    gate.slots[:] = [cap.Slot(started=True, kernel_id="k")]
    gate.leave(gate.slots[0])
    assert not gate.room()  # sent, its browser has not connected yet
    gate.slots[0].sent = -cap.CONNECT_WAIT_S - 1
    assert gate.room() and gate.slots == []  # never connected: the reaper takes it from here
