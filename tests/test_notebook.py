"""The calibration notebook runs top to bottom (on a small MQM subset) with the shipped model."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "calibration.ipynb"
MQM = ROOT / ".." / "shared" / "data" / "mqm" / "mqm_zhen_2021.jsonl"
MODEL = ROOT / "src" / "mtcheck" / "data" / "risk" / "model.json"


@pytest.mark.skipif(not MQM.exists(), reason="shared MQM data (../shared/data/mqm) not available")
@pytest.mark.skipif(not MODEL.exists(), reason="no shipped risk model (run benchmarks/calibrate.py)")
def test_calibration_notebook_executes(monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("matplotlib")
    pytest.importorskip("ipykernel")
    monkeypatch.setenv("MTCHECK_CALIBRATION_DOCS", os.environ.get("MTCHECK_CALIBRATION_DOCS", "2"))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    assert "Brier score" in text and "tau_b" in text and "suggested: ready >=" in text
    assert sum("image/png" in o.get("data", {}) for o in outputs) >= 3
