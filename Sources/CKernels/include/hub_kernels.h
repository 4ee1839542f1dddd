// Integer kernels of the acoustic model (docs/model-format.md §4.3).
//
// Each kernel has a scalar reference (`_ref`) and the entry point the runtime calls, which picks the
// fastest implementation this CPU supports once, at first use: AVX2 on x86-64, the portable loop
// elsewhere (ARM included). All variants give identical results: int32 sums of int8 products are exact
// in any order.
#pragma once
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// acc[r] = Σ_j w[r·cols + j] · x[j] for r < rows, in int32. `w` is row-major int8.
void hub_i8_matvec(const int8_t *w, const int8_t *x, int32_t *acc, int32_t rows, int32_t cols);

/// The scalar reference of `hub_i8_matvec`.
void hub_i8_matvec_ref(const int8_t *w, const int8_t *x, int32_t *acc, int32_t rows, int32_t cols);

/// The name of the implementation `hub_i8_matvec` uses on this CPU ("avx2" or "portable").
const char *hub_i8_matvec_impl(void);

#ifdef __cplusplus
}
#endif
