#!/usr/bin/env python3
"""NumPy peer for Sprout's `make bench`: the digits MLP 64-128-10 trained with Adam,
written out by hand (forward, backward, Adam update), float32 throughout.

Sprout's Bench runs this as a subprocess with OPENBLAS_NUM_THREADS=1 and parses the one
line that starts with "RESULT". Run it by hand with, e.g.:

    OPENBLAS_NUM_THREADS=1 python3 bench/numpy_mlp.py --batch 64 --steps 300 --reps 5

Modes:
  (default)      training steps/s, same model, batch and data order as Sprout's Bench
  --serve        the same training, one timed block per "run STEPS" line on stdin (Bench
                 uses this to alternate NumPy blocks with its own); "quit" ends it
  --ops          elementwise / reduction throughput on 10M floats (same ops as Bench)
  --info         NumPy version and the BLAS it runs (no timing)

Timing: time.perf_counter around blocks of steps after a warm-up; each figure is the best
(and the median) of --reps blocks.
"""

import argparse
import ctypes
import glob
import os
import statistics
import sys
import time

try:
    import numpy as np
except ImportError as error:  # Bench reads this line and prints "NumPy: not available".
    print(f"UNAVAILABLE reason=\"{error}\"")
    sys.exit(3)


def blas_description():
    """The BLAS NumPy links and, when it is OpenBLAS, the kernel family it picked."""
    parts = []
    try:
        config = np.show_config(mode="dicts")
        blas = config["Build Dependencies"]["blas"]
        parts.append(f"{blas.get('name', '?')} {blas.get('version', '?')}")
    except Exception:  # older NumPy: no dicts mode
        parts.append("blas=?")
    core = None
    try:
        import threadpoolctl  # optional

        for info in threadpoolctl.threadpool_info():
            if info.get("user_api") == "blas":
                core = info.get("architecture")
                parts.append(f"threads={info.get('num_threads')}")
                break
    except ImportError:
        pass
    if core is None:
        # The wheel's bundled OpenBLAS, already loaded by NumPy; ask it directly.
        libs = os.path.join(os.path.dirname(os.path.dirname(np.__file__)), "numpy.libs")
        for path in glob.glob(os.path.join(libs, "*openblas*")):
            try:
                lib = ctypes.CDLL(path)
                for name in ("scipy_openblas_get_corename64_", "scipy_openblas_get_corename", "openblas_get_corename"):
                    fn = getattr(lib, name, None)
                    if fn is not None:
                        fn.restype = ctypes.c_char_p
                        core = fn().decode()
                        break
            except OSError:
                pass
            if core:
                break
    parts.append(f"core={core or '?'}")
    return " ".join(parts)


def load_digits(path):
    """The training rows of digits.csv (every row whose index % 5 != 4), features / 16."""
    table = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float32)
    train = table[np.arange(table.shape[0]) % 5 != 4]
    features = np.ascontiguousarray(train[:, :64] / np.float32(16))
    labels = train[:, 64].astype(np.int64)
    return features, labels


class MLP:
    """64-128-10 with PyTorch's default Linear initialisation, weights stored (in, out)."""

    def __init__(self, rng):
        def linear(fan_in, fan_out):
            bound = 1.0 / np.sqrt(fan_in)
            w = rng.uniform(-bound, bound, size=(fan_in, fan_out)).astype(np.float32)
            b = rng.uniform(-bound, bound, size=(fan_out,)).astype(np.float32)
            return w, b

        self.w1, self.b1 = linear(64, 128)
        self.w2, self.b2 = linear(128, 10)
        self.params = [self.w1, self.b1, self.w2, self.b2]


class Adam:
    """PyTorch's Adam (no weight decay), written out; updates the arrays in place."""

    def __init__(self, params, lr=3e-4, beta1=0.9, beta2=0.999, eps=1e-8):
        self.params = params
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.m = [np.zeros_like(p) for p in params]  # first moment: running mean of g
        self.v = [np.zeros_like(p) for p in params]  # second moment: running mean of g²
        self.t = 0

    def step(self, grads):
        self.t += 1
        b1, b2 = self.beta1, self.beta2
        bias1 = 1 - b1 ** self.t  # bias corrections for the zero-initialised moments
        bias2 = 1 - b2 ** self.t
        step_size = np.float32(self.lr / bias1)
        for p, g, m, v in zip(self.params, grads, self.m, self.v):
            # m = b1 m + (1 - b1) g
            m *= np.float32(b1)
            m += np.float32(1 - b1) * g
            # v = b2 v + (1 - b2) g²
            v *= np.float32(b2)
            v += np.float32(1 - b2) * (g * g)
            # p -= lr / bias1 · m / (sqrt(v / bias2) + eps)
            denom = np.sqrt(v / np.float32(bias2))
            denom += np.float32(self.eps)
            p -= step_size * (m / denom)


def train_step(model, optimizer, x, y):
    """One step: forward, cross-entropy (mean), backward by hand, Adam. Returns the loss."""
    batch = x.shape[0]
    # forward
    h = x @ model.w1
    h += model.b1
    a = np.maximum(h, 0)
    logits = a @ model.w2
    logits += model.b2
    # cross-entropy through a stable log-softmax
    shifted = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    s = e.sum(axis=1, keepdims=True)
    rows = np.arange(batch)
    loss = float(np.log(s).mean() - shifted[rows, y].mean())
    # backward: dL/dlogits = (softmax - onehot) / batch
    d_logits = e / s
    d_logits[rows, y] -= 1
    d_logits *= np.float32(1.0 / batch)
    d_w2 = a.T @ d_logits
    d_b2 = d_logits.sum(axis=0)
    d_a = d_logits @ model.w2.T
    d_h = d_a * (h > 0)
    d_w1 = x.T @ d_h
    d_b1 = d_h.sum(axis=0)
    optimizer.step([d_w1, d_b1, d_w2, d_b2])
    return loss


class Trainer:
    """The model, its optimizer and its place in the data; `block(n)` runs n steps."""

    def __init__(self, args):
        features, labels = load_digits(args.data)
        self.rows = features.shape[0]
        self.batch = args.batch
        # Rows cycle through the training set in order, wrapping around; extend the arrays
        # by one batch so every batch is a contiguous view (no copy, as a NumPy user would).
        wrap = np.arange(self.rows + self.batch) % self.rows
        self.xs, self.ys = features[wrap], labels[wrap]
        self.model = MLP(np.random.default_rng(args.seed))
        self.optimizer = Adam(self.model.params, lr=args.lr)
        self.start = 0
        self.losses = []

    def block(self, steps):
        b = self.batch
        for _ in range(steps):
            s = self.start
            self.losses.append(train_step(self.model, self.optimizer, self.xs[s:s + b], self.ys[s:s + b]))
            self.start = (s + b) % self.rows

    def check_dtypes(self):
        assert self.xs.dtype == np.float32
        for p in self.model.params:
            assert p.dtype == np.float32, "a parameter was promoted away from float32"


def serve(args):
    """Answers "run STEPS" with "BLOCK seconds=…" until "quit" or end of input."""
    trainer = Trainer(args)
    trainer.block(args.warmup)
    print(f"READY batch={args.batch} first_loss={trainer.losses[0]:.4f}", flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "run" and len(words) == 2:
            steps = int(words[1])
            t0 = time.perf_counter()
            trainer.block(steps)
            print(f"BLOCK seconds={time.perf_counter() - t0:.9f} steps={steps}", flush=True)
        elif words[0] == "quit":
            break
        else:
            print(f"ERROR unknown command {line.strip()!r}", flush=True)
    trainer.check_dtypes()
    losses = trainer.losses
    print(f"DONE first_loss={losses[0]:.4f} loss_at_100={losses[min(99, len(losses) - 1)]:.4f} "
          f"total_steps={len(losses)}", flush=True)


def run_training(args):
    trainer = Trainer(args)
    trainer.block(args.warmup)
    rates = []
    for _ in range(args.reps):
        t0 = time.perf_counter()
        trainer.block(args.steps)
        rates.append(args.steps / (time.perf_counter() - t0))
    trainer.check_dtypes()
    losses = trainer.losses
    print(f"RESULT batch={args.batch} steps={args.steps} reps={args.reps} "
          f"best={max(rates):.3f} median={statistics.median(rates):.3f} "
          f"first_loss={losses[0]:.4f} loss_at_100={losses[min(99, len(losses) - 1)]:.4f} "
          f"last_loss={losses[-1]:.4f} total_steps={len(losses)}")


def run_ops(args):
    """The same ops as Bench's throughput table, each allocating its result as NumPy does."""
    count = 10_000_000
    rng = np.random.default_rng(1)
    a = rng.standard_normal(count, dtype=np.float32)
    b = rng.standard_normal(count, dtype=np.float32)
    m = a.reshape(10_000, 1_000)
    dst = np.empty_like(a)
    four = 4 * count

    def softmax(x):
        e = np.exp(x - x.max(axis=1, keepdims=True))
        e /= e.sum(axis=1, keepdims=True)
        return e

    ops = [
        ("memcpy", lambda: np.copyto(dst, a), 2 * four),
        ("add", lambda: a + b, 3 * four),
        ("mul_scalar", lambda: a * np.float32(2), 2 * four),
        ("exp", lambda: np.exp(a), 2 * four),
        ("relu", lambda: np.maximum(a, 0), 2 * four),
        ("sum", lambda: a.sum(), four),
        ("sum_axis0", lambda: m.sum(axis=0), four + 4 * 1_000),
        ("sum_axis1", lambda: m.sum(axis=1), four + 4 * 10_000),
        ("max", lambda: a.max(), four),
        ("softmax", lambda: softmax(m), 2 * four),
    ]
    for name, fn, nbytes in ops:
        fn()
        times = []
        for _ in range(args.reps):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        print(f"OP name={name} best_seconds={min(times):.6f} median_seconds={statistics.median(times):.6f} bytes={nbytes}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--steps", type=int, default=300, help="steps per timed block")
    parser.add_argument("--reps", type=int, default=5, help="timed blocks")
    parser.add_argument("--warmup", type=int, default=20, help="untimed steps first")
    parser.add_argument("--lr", type=float, default=3e-4)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "stdlib", "data", "digits.csv"))
    parser.add_argument("--ops", action="store_true", help="elementwise/reduction throughput instead")
    parser.add_argument("--serve", action="store_true", help="time blocks on request from stdin")
    parser.add_argument("--info", action="store_true", help="print the NumPy and BLAS versions only")
    args = parser.parse_args()
    print(f"INFO numpy={np.__version__} python={sys.version.split()[0]} {blas_description()}")
    sys.stdout.flush()
    if args.info:
        return
    if args.ops:
        run_ops(args)
    elif args.serve:
        serve(args)
    else:
        run_training(args)


if __name__ == "__main__":
    main()
