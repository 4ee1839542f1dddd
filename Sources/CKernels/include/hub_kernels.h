// Kernels of the acoustic model (docs/model-format.md §4.3 and §4.6) and of the front end's FFT.
//
// Each kernel has a scalar reference (`_ref`) and the entry point the runtime calls, which picks the
// fastest implementation this CPU supports once, at first use: AVX2 on x86-64, the portable loop
// elsewhere (ARM included). The int8 and int16 variants give identical results (int32 sums of integer
// products are exact in any order, and the float steps after them are the same fused multiply-adds);
// the float convolution's differ in the last bits (FMA).
#pragma once
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// acc[t·rows + r] = Σ_j w[r·cols + j] · x[t·cols + j] for r < rows and each of the `count` vectors of x, in
/// int32. `w` is row-major int8; the weights are read once for the whole batch.
void hub_i8_matmul(const int8_t *w, const int8_t *x, int32_t *acc, int32_t rows, int32_t cols, int32_t count);

/// The scalar reference of `hub_i8_matmul`.
void hub_i8_matmul_ref(const int8_t *w, const int8_t *x, int32_t *acc, int32_t rows, int32_t cols, int32_t count);

/// Quantizes `n` floats to int8 (§4.2): q[i] = clamp(rint(v[i] · 127/m), −127, 127) with m = max |v|; returns
/// the scale m / 127 (1, with every q zero, when m = 0).
float hub_i8_quantize(const float *v, int32_t n, int8_t *q);

/// The scalar reference of `hub_i8_quantize`.
float hub_i8_quantize_ref(const float *v, int32_t n, int8_t *q);

/// The name of the implementation `hub_i8_matmul` and `hub_i8_quantize` use on this CPU ("avx2" or "portable").
const char *hub_i8_impl(void);

/// One output row of a float convolution over (time, frequency) with channels innermost:
/// out[f·cout + c] = bias[c] + Σ_{dt<kt, df<kf, i<cin} w[((dt·kf + df)·cin + i)·cout + c] · rows[dt][(f + df − kf/2)·cin + i],
/// input bins outside 0..<bins read as zero (frequency padding kf/2 each side, so `bins` in = out).
/// `rows` holds kt pointers to input rows of bins·cin floats, oldest first. When `activated` is nonzero,
/// then max(LeakyReLU_0.2(out), −0.4).
void hub_f32_conv_row(const float *const *rows, int32_t kt, int32_t kf, int32_t bins, int32_t cin, int32_t cout,
                      const float *w, const float *bias, int32_t activated, float *out);

/// The plain-C reference of `hub_f32_conv_row`.
void hub_f32_conv_row_ref(const float *const *rows, int32_t kt, int32_t kf, int32_t bins, int32_t cin,
                          int32_t cout, const float *w, const float *bias, int32_t activated, float *out);

/// The name of the implementation `hub_f32_conv_row` uses on this CPU ("avx2" or "portable").
const char *hub_f32_conv_impl(void);

/// Quantizes `n` floats to int16 with one symmetric scale: q[i] = rint(x[i] · 32767/m) with m = max |x|,
/// clamped to ±32767. Returns the scale m / 32767 (1 when every value is zero).
float hub_i16_quantize_row(const float *x, int32_t n, int16_t *q);

/// The plain-C reference of `hub_i16_quantize_row`.
float hub_i16_quantize_row_ref(const float *x, int32_t n, int16_t *q);

/// One output row of a convolution as `hub_f32_conv_row`, in integers: input rows of int16 with one scale
/// each (`hub_i16_quantize_row`), int16 weights with one scale per output channel, `cin` even, weights
/// laid out as w[(((dt·kf + df)·cin/2 + p)·cout + c)·2 + k] for input channel 2p + k:
/// out[f·cout + c] = bias[c] + w_scales[c] · Σ_dt row_scales[dt] · Σ_{df, i} w · rows[dt][(f + df − kf/2)·cin + i],
/// the inner sums exact in int32, the outer ones fused multiply-adds in order of dt; when `activated` is
/// nonzero, then max(LeakyReLU_0.2(out), −0.4).
void hub_i16_conv_row(const int16_t *const *rows, const float *row_scales, int32_t kt, int32_t kf, int32_t bins,
                      int32_t cin, int32_t cout, const int16_t *w, const float *w_scales, const float *bias,
                      int32_t activated, float *out);

/// The plain-C reference of `hub_i16_conv_row`.
void hub_i16_conv_row_ref(const int16_t *const *rows, const float *row_scales, int32_t kt, int32_t kf, int32_t bins,
                          int32_t cin, int32_t cout, const int16_t *w, const float *w_scales, const float *bias,
                          int32_t activated, float *out);

/// The name of the implementation `hub_i16_conv_row` and `hub_i16_quantize_row` use on this CPU
/// ("avx2" or "portable").
const char *hub_i16_conv_impl(void);

/// A GRU layer's gates and new state (§4.4) from gi = W_ih·x + b_ih and gh = W_hh·h + b_hh, each 3n values
/// (r, z, n rows): h[i] = (1 − z)·tanh(gi_n + r·gh_n) + z·h[i], with σ and tanh evaluated in float64 and
/// rounded to float32. The AVX2 variant computes them with its own float64 exp, which rounds to the same
/// float32 as the C library's but for a rare last-bit tie.
void hub_gru_gates(const float *gi, const float *gh, float *h, int32_t n);

/// The plain-C reference of `hub_gru_gates` (the C library's exp and tanh).
void hub_gru_gates_ref(const float *gi, const float *gh, float *h, int32_t n);

/// The name of the implementation `hub_gru_gates` uses on this CPU ("avx2" or "portable").
const char *hub_gru_gates_impl(void);

/// The front end's power spectrum |X[k]|², k = 0…half, of `x` (2·half real samples, half a power of two ≥ 2):
/// the even samples as real and the odd as imaginary parts of a half-point complex FFT (radix 2, decimation
/// in time; `reversal` the bit-reversed index of each point), then the split step. `stage_cos`/`stage_sin`
/// hold each stage's twiddles in turn: for the stage whose butterflies are `span` apart (1, 2, 4 … half/2),
/// exp(−2πi·j/(2·span)) for j < span at index span − 1 + j. `split_cos`/`split_sin` hold exp(−2πi·k/(2·half))
/// for k ≤ half. `re`, `im` are half-value scratch buffers. Float32 operations only, in a fixed order (no
/// fused multiply-adds), so every implementation gives the same bits.
void hub_fft_power(const float *x, int32_t half, const int32_t *reversal, const float *stage_cos,
                   const float *stage_sin, const float *split_cos, const float *split_sin, float *re, float *im,
                   float *power);

/// The plain-C reference of `hub_fft_power`.
void hub_fft_power_ref(const float *x, int32_t half, const int32_t *reversal, const float *stage_cos,
                       const float *stage_sin, const float *split_cos, const float *split_sin, float *re, float *im,
                       float *power);

/// The name of the implementation `hub_fft_power` uses on this CPU ("avx2" or "portable").
const char *hub_fft_impl(void);

/// Asks the CPU to fetch the cache line holding `address` ahead of a read (a hint: no effect on results).
static inline void hub_prefetch(const void *address) { __builtin_prefetch(address); }

#ifdef __cplusplus
}
#endif
