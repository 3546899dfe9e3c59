"""briefer.tuning.one_blas_thread: NumPy's BLAS on one thread, unless the user chose a count.

Each case runs in a fresh interpreter, since the BLAS reads its variables once, when NumPy loads.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefer.tuning import BLAS_THREADS

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, os, sys
from briefer.tuning import one_blas_thread
if sys.argv[1] == "numpy-first":
    import numpy
one_blas_thread()
import numpy
numpy.ones(2_000_000) @ numpy.ones(2_000_000)  # OpenBLAS starts its threads on a large enough dot
threads = len(os.listdir("/proc/self/task")) if os.path.isdir("/proc/self/task") else None
print(json.dumps({"env": {k: os.environ.get(k) for k in sys.argv[2:]}, "threads": threads}))
"""


def probe(mode: str, **env: str) -> dict[str, object]:
    clean = {k: v for k, v in os.environ.items() if k not in BLAS_THREADS} | env
    clean["PYTHONPATH"] = os.pathsep.join([str(ROOT), clean.get("PYTHONPATH", "")])
    out = subprocess.run(
        [sys.executable, "-c", PROBE, mode, *BLAS_THREADS], env=clean, capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(out.stdout)
    return result


def test_one_thread_when_nothing_is_set() -> None:
    found = probe("tuned")
    assert found["env"] == {"OPENBLAS_NUM_THREADS": "1", "GOTO_NUM_THREADS": None, "OMP_NUM_THREADS": None,
                            "MKL_NUM_THREADS": "1"}  # fmt: skip
    if found["threads"] is not None:  # Linux: the process runs one thread, BLAS's dot included
        assert found["threads"] == 1


@pytest.mark.parametrize("name", BLAS_THREADS)
def test_a_count_the_user_set_is_left_alone(name: str) -> None:
    found = probe("tuned", **{name: "2"})
    env = found["env"]
    assert isinstance(env, dict)
    assert env == {k: ("2" if k == name else None) for k in BLAS_THREADS}


def test_no_change_once_numpy_is_loaded() -> None:
    # Too late to matter (the BLAS has read its variables): nothing is set that would claim otherwise.
    found = probe("numpy-first")
    assert found["env"] == dict.fromkeys(BLAS_THREADS)
