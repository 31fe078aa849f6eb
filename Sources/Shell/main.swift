// The `sprout` executable: everything starts at the root command (Sprout.swift).
// This file holds top-level code, so the entry point is called here rather than
// marked `@main` (Swift allows one or the other in a module, not both).
Sprout.main(Sprout.normalized(Array(CommandLine.arguments.dropFirst())))
