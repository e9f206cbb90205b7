"""Shared fixtures: the UN pairs with gold alignments, copied from ../shared/corpus."""
from __future__ import annotations

import json
import logging
import signal
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
UN = DATA / "un"
UN_STEMS = ("001_dd72bde6d4dd5ad3", "002_fd7eaa732a510636", "003_cdd5c65759a59d46")
EXAMPLE = Path(__file__).parent.parent / "corpus"


def read_gold(stem: str, level: str) -> list[dict]:
    suffix = "para" if level == "paragraph" else "sent"
    lines = (UN / f"{stem}.{suffix}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture
def example_pair() -> tuple[Path, Path]:
    return EXAMPLE / "CTOC-COP-WG.4-2019-1.zh.txt", EXAMPLE / "CTOC-COP-WG.4-2019-1.en.txt"


def default_sigint() -> None:
    """`preexec_fn` for a child that is sent Ctrl-C: SIGINT's default disposition, even when the
    test runner inherited it ignored (a background job; Python keeps an inherited SIG_IGN)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture(autouse=True)
def fresh_align_logger():
    """Each test starts with the `align` logger as the library leaves it: a CLI call in-process
    installs its stderr handler and stops propagation, which would hide later warnings from caplog."""
    logger = logging.getLogger("align")
    handlers, propagate = list(logger.handlers), logger.propagate
    yield
    logger.handlers[:] = handlers
    logger.propagate = propagate
