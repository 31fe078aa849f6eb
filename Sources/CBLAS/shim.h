#ifndef SPROUT_CBLAS_SHIM_H
#define SPROUT_CBLAS_SHIM_H
// <cblas-openblas.h> always means OpenBLAS on Debian (<cblas.h> is an alternative that
// may point at another BLAS); it also declares openblas_set_num_threads and friends.
#include <cblas-openblas.h>
#endif
