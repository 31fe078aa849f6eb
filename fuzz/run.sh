#!/usr/bin/env bash
# Builds the libFuzzer harness for Sources/Lang and runs it.
#   fuzz/run.sh [seconds]          (default 600)
# Lang and Engine are built by SwiftPM with -sanitize=fuzzer (coverage instrumentation)
# in their own scratch folder (.build-fuzz, gitignored), so the main build is untouched;
# the harness is then compiled and linked with swiftc against those objects. The root
# package has no library product, so a path dependency could not reach Lang.
# Extra arguments after the seconds are libFuzzer flags (e.g. -jobs=2). To reproduce a
# crash: FUZZ_VERBOSE=1 SPROUT_STDLIB=stdlib .build-fuzz/fuzz-lang fuzz/work/artifacts/crash-…
# The working corpus (seeds plus what the fuzzer finds) is fuzz/work/ (gitignored), or
# $FUZZ_WORK.
set -euo pipefail
SECONDS_TO_RUN=${1:-600}
shift || true
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SCRATCH="$ROOT/.build-fuzz"
WORK=${FUZZ_WORK:-$HERE/work}
BIN="$SCRATCH/fuzz-lang"

swift build -c release -Xswiftc -sanitize=fuzzer --scratch-path "$SCRATCH" --target Lang \
    --package-path "$ROOT"
BUILT="$SCRATCH/release"
swiftc -O -parse-as-library -sanitize=fuzzer \
    -I "$BUILT/Modules" -I "$ROOT/Sources/CBLAS" -I "$ROOT/Sources/CMalloc" \
    "$HERE/Sources/FuzzLang/FuzzLang.swift" \
    "$BUILT"/Lang.build/*.o "$BUILT"/Engine.build/*.o \
    -lopenblas -o "$BIN"

mkdir -p "$WORK/corpus" "$WORK/artifacts"
cp -n "$HERE"/corpus/* "$WORK/corpus/" 2>/dev/null || true
cd "$WORK"
export SPROUT_STDLIB="$ROOT/stdlib"
# One BLAS thread: the fuzzer is single-threaded and small matrices gain nothing.
export OPENBLAS_NUM_THREADS=1
# A memory limit the Engine can see (RLIMIT_AS, FUZZ_MEMORY_MB, default 4 GB): a tensor it
# accepts then always fits under libFuzzer's own malloc and RSS limits, and an allocation
# that aborts instead of failing cleanly is reported as a crash.
MEMORY_MB=${FUZZ_MEMORY_MB:-4096}
ulimit -v $((MEMORY_MB * 1024))
set -x
exec "$BIN" -max_total_time="$SECONDS_TO_RUN" -dict="$HERE/sprout.dict" \
    -rss_limit_mb="$MEMORY_MB" -malloc_limit_mb="$MEMORY_MB" -timeout=5 -max_len=2048 -print_final_stats=1 \
    -artifact_prefix="$WORK/artifacts/" \
    "$@" "$WORK/corpus"
