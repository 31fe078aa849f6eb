// Sprout is Linux-only (see Package.swift): the Engine imports Glibc for math, the
// allocator and process limits. A build elsewhere stops here, with the reason, instead
// of failing file by file on a missing module.
#if !os(Linux)
#error("Sprout builds on Linux only: the Engine and the shell call glibc directly.")
#endif
