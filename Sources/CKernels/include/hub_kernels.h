// Kernels of the acoustic model (docs/model-format.md §4.3 and §4.6).
//
// Each kernel has a scalar reference (`_ref`) and the entry point the runtime calls, which picks the
// fastest implementation this CPU supports once, at first use: AVX2 on x86-64 (AVX-512VL for the
// convolution where the CPU has it), the portable loop elsewhere (ARM included). The int8 variants
// give identical results (int32 sums of int8 products are exact in any order); the float
// convolution's differ in the last bits (FMA).
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

/// One output row of a float convolution over (time, frequency) with channels innermost:
/// out[f·cout + c] = bias[c] + Σ_{dt<kt, df<kf, i<cin} w[((dt·kf + df)·cin + i)·cout + c] · rows[dt][(f + df − kf/2)·cin + i],
/// input bins outside 0..<bins read as zero (frequency padding kf/2 each side, so `bins` in = out).
/// `rows` holds kt pointers to input rows of bins·cin floats, oldest first.
void hub_f32_conv_row(const float *const *rows, int32_t kt, int32_t kf, int32_t bins, int32_t cin, int32_t cout,
                      const float *w, const float *bias, float *out);

/// The plain-C reference of `hub_f32_conv_row`.
void hub_f32_conv_row_ref(const float *const *rows, int32_t kt, int32_t kf, int32_t bins, int32_t cin,
                          int32_t cout, const float *w, const float *bias, float *out);

/// The name of the implementation `hub_f32_conv_row` uses on this CPU ("avx512vl", "avx2" or "portable").
const char *hub_f32_conv_impl(void);

#ifdef __cplusplus
}
#endif
