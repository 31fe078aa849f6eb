#!/usr/bin/env python3
"""CSV-load peers for Sprout's `make bench` (part `csv`): NumPy's loadtxt, pandas'
read_csv and polars' read_csv on the same file, timed in this process.

    python3 bench/csv_peers.py FILE --reps 3

Prints one line per peer: `RESULT name=pandas seconds=0.201 sum=123.456 version=2.2.3`
(the best of --reps loads, and the sum of the first column as a check that every reader
read the same numbers), or `UNAVAILABLE name=polars reason="..."` when it cannot run.
A missing pandas or polars is installed for the user from PyPI first (the bench's peers
only); when that fails, the peer is skipped with the reason.
"""

import argparse
import importlib
import subprocess
import sys
import time


def module(name):
    """The module, installed with pip (--user, then --break-system-packages) when missing."""
    try:
        return importlib.import_module(name)
    except ImportError:
        pass
    for flags in (["--user"], ["--user", "--break-system-packages"]):
        done = subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", *flags, name],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        if done.returncode == 0:
            break
    importlib.invalidate_caches()
    import site
    sys.path.append(site.getusersitepackages())
    return importlib.import_module(name)


def best(load, reps):
    times, first = [], None
    for _ in range(reps):
        start = time.perf_counter()
        result = load()
        times.append(time.perf_counter() - start)
        first = first if first is not None else result
    return min(times), first


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--loadtxt-reps", type=int, default=1)
    args = parser.parse_args()

    def numpy_peer():
        np = module("numpy")
        seconds, table = best(lambda: np.loadtxt(args.file, delimiter=",", skiprows=1), args.loadtxt_reps)
        return seconds, float(table[:, 0].sum()), np.__version__

    def pandas_peer():
        pd = module("pandas")
        seconds, frame = best(lambda: pd.read_csv(args.file), args.reps)
        return seconds, float(frame.iloc[:, 0].sum()), pd.__version__

    def polars_peer():
        pl = module("polars")
        seconds, frame = best(lambda: pl.read_csv(args.file), args.reps)
        return seconds, float(frame[:, 0].sum()), pl.__version__

    for name, peer in (("loadtxt", numpy_peer), ("pandas", pandas_peer), ("polars", polars_peer)):
        try:
            seconds, total, version = peer()
            print(f"RESULT name={name} seconds={seconds:.6f} sum={total!r} version={version}", flush=True)
        except Exception as error:  # noqa: BLE001 - any failure skips this peer only
            reason = str(error).replace('"', "'").splitlines()[0] if str(error) else type(error).__name__
            print(f"UNAVAILABLE name={name} reason=\"{reason}\"", flush=True)


if __name__ == "__main__":
    main()
