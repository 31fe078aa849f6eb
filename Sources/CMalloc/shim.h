#ifndef SPROUT_CMALLOC_SHIM_H
#define SPROUT_CMALLOC_SHIM_H
// glibc's allocator tuning (mallopt), which the Glibc module does not export, and the
// process limits the checked tensor allocation reads (TensorMemory.swift).
#include <malloc.h>
#include <stdlib.h>
#include <sys/resource.h>

/// The soft limit on the address space (RLIMIT_AS), or -1 when there is none.
static inline long long sprout_address_space_limit(void) {
    struct rlimit limit;
    if (getrlimit(RLIMIT_AS, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return -1;
    return (long long)limit.rlim_cur;
}

/// The soft limit on the data segment (RLIMIT_DATA, which covers mmap since Linux 4.7),
/// or -1 when there is none.
static inline long long sprout_data_limit(void) {
    struct rlimit limit;
    if (getrlimit(RLIMIT_DATA, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return -1;
    return (long long)limit.rlim_cur;
}
#endif
