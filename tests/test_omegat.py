"""A real CAT tool loads our TMX: Debian's OmegaT, run headless by ../shared/tools/omegat/check.sh."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from align.cli import main

CHECK = Path(__file__).resolve().parents[2] / "shared" / "tools" / "omegat" / "check.sh"
TBX = Path(__file__).parent / "data" / "omegat-minimal.tbx"


@pytest.mark.skipif(not CHECK.exists() or not Path("/usr/share/omegat/OmegaT.jar").exists() or not shutil.which("java"),
                    reason="OmegaT or its check script is not installed")
def test_omegat_loads_tmx_and_uses_it(example_pair, tmp_path):
    zh, en = example_pair
    assert CliRunner().invoke(main, ["run", str(zh), str(en), "-o", str(tmp_path), "-q"]).exit_code == 0
    done = subprocess.run(["bash", str(CHECK), str(tmp_path / "CTOC-COP-WG.4-2019-1.tmx"), str(TBX)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "tmx loaded=yes" in done.stdout and "exact_matches=5/5" in done.stdout
