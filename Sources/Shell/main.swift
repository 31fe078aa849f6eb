// The `sprout` executable: everything starts at the root command (Sprout.swift).
// This file holds top-level code, so the entry point is called here rather than
// marked `@main` (Swift allows one or the other in a module, not both).

import Engine

// First of all: a crash at a terminal must print and exit, not wait for a key.
BacktraceSettings.restartIfACrashWouldWait()
// A process-wide allocator policy, the executable's to choose (Engine/System/HeapTuning.swift).
HeapTuning.keepLargeBlocksInHeap()
Sprout.main(Sprout.normalized(Array(CommandLine.arguments.dropFirst())))
