"""Shared test helpers: where ../shared lives, and building documents from text."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()
EXAMPLE = SHARED / "examples" / "gac-saic-cooperation.txt"


def require_shared(*parts: str) -> Path:
    """The path under ../shared, or skip the test with the reason."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"shared data not available: {p} (tests that need ../shared skip without it)")
    return p


@pytest.fixture
def example_path() -> Path:
    return require_shared("examples", "gac-saic-cooperation.txt")
