#!/usr/bin/env python3
"""PyTorch peer for Sprout's `make bench` conv section: the digits conv net trained with
Adam on PyTorch's eager CPU path, one thread.

    conv 3x3 1->16, relu, conv 3x3 16->32, relu, maxpool 2, flatten, linear 128->10

on the digits images (8x8, features / 16), batch 64, cross-entropy, lr 1e-3; one step is
slice a batch, zero the gradients, forward, loss, backward, Adam step, as in Sprout's loop.
The bench runs it with OPENBLAS_NUM_THREADS=1 and OMP_NUM_THREADS=1 in --serve mode, the
protocol of bench/numpy_mlp.py (NumPyPeer.TrainingSession): "READY first_loss=…" after
the warm-up, "BLOCK seconds=…" for each "run STEPS" line, "DONE loss_at_100=…" after
"quit", so its blocks alternate with Sprout's under the same load. When torch is missing
it says so on stderr and exits 3; nothing else in the project depends on torch. By hand:

    OMP_NUM_THREADS=1 python3 bench/torch_conv.py --data stdlib/data/digits.csv --blocks 10
"""

import argparse
import statistics
import sys
import time

try:
    import numpy as np
    import torch
except ImportError as error:
    print(f'UNAVAILABLE reason="{error}"')
    print(f"PyTorch not available: {error}", file=sys.stderr)
    sys.exit(3)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--blocks", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--serve", action="store_true", help="time blocks on request from stdin")
    parser.add_argument("--batch", type=int, default=64, help="only 64 (the bench's batch)")
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)

    table = np.loadtxt(args.data, delimiter=",", skiprows=1, dtype=np.float32)
    train = table[np.arange(len(table)) % 5 != 4]  # Sprout's split: every row whose index % 5 != 4
    x_all = torch.from_numpy(np.ascontiguousarray(train[:, :64] / 16)).reshape(-1, 1, 8, 8)
    y_all = torch.from_numpy(train[:, 64].astype(np.int64))
    batch = 64
    wrap = len(train) - batch  # a batch starting below this is contiguous

    nn = torch.nn
    model = nn.Sequential(
        nn.Conv2d(1, 16, 3), nn.ReLU(), nn.Conv2d(16, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(128, 10)
    )
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()

    losses = []

    def block(steps):
        for i in range(steps):
            start = (i * batch) % wrap
            x, y = x_all[start : start + batch], y_all[start : start + batch]
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            if len(losses) < 100:
                losses.append(loss.item())

    block(args.warmup)
    if args.serve:
        serve(block, losses)
        return
    times = []
    for _ in range(args.blocks):
        t = time.perf_counter()
        block(args.steps)
        times.append(time.perf_counter() - t)
    print(f'INFO torch={torch.__version__} threads={torch.get_num_threads()} python="{sys.version.split()[0]}"')
    best, middle = min(times), statistics.median(times)
    print(f"RESULT best_steps_per_second={args.steps / best:.1f} median_steps_per_second={args.steps / middle:.1f}")


def serve(block, losses):
    """Answers "run STEPS" with "BLOCK seconds=…" until "quit" or end of input."""
    print(f"READY first_loss={losses[0]:.4f} torch={torch.__version__} threads={torch.get_num_threads()}", flush=True)
    for line in sys.stdin:
        words = line.split()
        if len(words) == 2 and words[0] == "run":
            t0 = time.perf_counter()
            block(int(words[1]))
            print(f"BLOCK seconds={time.perf_counter() - t0:.9f}", flush=True)
        elif words and words[0] == "quit":
            break
    print(f"DONE loss_at_100={losses[-1]:.4f}", flush=True)


if __name__ == "__main__":
    main()
