#include "hub_kernels.h"
#include "cpu.h"

#include <math.h>
#include <pthread.h>
#include <stddef.h>

// The GRU's gates (docs/model-format.md §4.4): σ and tanh in float64 on the float32 argument, rounded
// to float32, every other step a float32 operation in the order written (no fused multiply-adds).
#pragma STDC FP_CONTRACT OFF

static inline float sigmoid_ref(float a) { return (float)(1.0 / (1.0 + exp(-(double)a))); }

static inline void gates_scalar(const float *gi, const float *gh, float *h, int32_t n, int32_t i) {
    const float r = sigmoid_ref(gi[i] + gh[i]);
    const float z = sigmoid_ref(gi[n + i] + gh[n + i]);
    const float gated = r * gh[2 * n + i];
    const float candidate = (float)tanh((double)(gi[2 * n + i] + gated));
    const float keep = z * h[i];
    const float update = (1.0f - z) * candidate;
    h[i] = update + keep;
}

void hub_gru_gates_ref(const float *gi, const float *gh, float *h, int32_t n) {
    for (int32_t i = 0; i < n; i++) gates_scalar(gi, gh, h, n, i);
}

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

// exp in float64, four lanes: x = k·ln 2 + r with |r| ≤ ln 2 / 2, exp(r) by its Taylor series to r¹³
// (truncation below 5e-18 relative), times 2^k through the exponent bits. Arguments are clamped to
// ±708, where σ and tanh have long since rounded to their float32 limits.
__attribute__((target("avx2,fma"), always_inline))
static inline __m256d exp_pd(__m256d x) {
    x = _mm256_min_pd(_mm256_max_pd(x, _mm256_set1_pd(-708.0)), _mm256_set1_pd(708.0));
    const __m256d k = _mm256_round_pd(_mm256_mul_pd(x, _mm256_set1_pd(1.4426950408889634)),
                                      _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256d r = _mm256_fnmadd_pd(k, _mm256_set1_pd(6.93147180369123816490e-01), x);
    r = _mm256_fnmadd_pd(k, _mm256_set1_pd(1.90821492927058770002e-10), r);
    static const double inverse_factorials[] = {
        1.0 / 6227020800.0, 1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0,
        1.0 / 40320.0, 1.0 / 5040.0, 1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5, 1.0, 1.0};
    __m256d p = _mm256_set1_pd(inverse_factorials[0]);
    for (int j = 1; j < 14; j++) p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(inverse_factorials[j]));
    const __m256i exponent = _mm256_slli_epi64(_mm256_cvtepi32_epi64(_mm256_cvtpd_epi32(k)), 52);
    return _mm256_castsi256_pd(_mm256_add_epi64(_mm256_castpd_si256(p), exponent));
}

// σ(a) = 1 / (1 + exp(−a)) in float64, rounded to float32.
__attribute__((target("avx2,fma"), always_inline))
static inline __m128 sigmoid_ps(__m128 a) {
    const __m256d e = exp_pd(_mm256_sub_pd(_mm256_setzero_pd(), _mm256_cvtps_pd(a)));
    return _mm256_cvtpd_ps(_mm256_div_pd(_mm256_set1_pd(1.0), _mm256_add_pd(_mm256_set1_pd(1.0), e)));
}

// tanh(a) in float64, rounded to float32: sign(a) · (1 − 2 / (exp(2|a|) + 1)), and below |a| = 0.02,
// where that subtraction would cancel, the series a − a³/3 + 2a⁵/15 − 17a⁷/315 + 62a⁹/2835
// (truncation below 1e-19 relative).
__attribute__((target("avx2,fma"), always_inline))
static inline __m128 tanh_ps(__m128 a) {
    const __m256d x = _mm256_cvtps_pd(a);
    const __m256d sign = _mm256_set1_pd(-0.0);
    const __m256d magnitude = _mm256_andnot_pd(sign, x);
    const __m256d e = exp_pd(_mm256_add_pd(magnitude, magnitude));
    const __m256d large = _mm256_sub_pd(_mm256_set1_pd(1.0),
                                        _mm256_div_pd(_mm256_set1_pd(2.0), _mm256_add_pd(e, _mm256_set1_pd(1.0))));
    const __m256d x2 = _mm256_mul_pd(magnitude, magnitude);
    __m256d series = _mm256_set1_pd(62.0 / 2835.0);
    series = _mm256_fmadd_pd(series, x2, _mm256_set1_pd(-17.0 / 315.0));
    series = _mm256_fmadd_pd(series, x2, _mm256_set1_pd(2.0 / 15.0));
    series = _mm256_fmadd_pd(series, x2, _mm256_set1_pd(-1.0 / 3.0));
    series = _mm256_mul_pd(_mm256_mul_pd(series, x2), magnitude);
    series = _mm256_add_pd(series, magnitude);
    const __m256d small = _mm256_cmp_pd(magnitude, _mm256_set1_pd(0.02), _CMP_LT_OQ);
    const __m256d value = _mm256_blendv_pd(large, series, small);
    return _mm256_cvtpd_ps(_mm256_or_pd(value, _mm256_and_pd(sign, x)));
}

__attribute__((target("avx2,fma")))
static void gates_avx2(const float *gi, const float *gh, float *h, int32_t n) {
    int32_t i = 0;
    for (; i + 4 <= n; i += 4) {
        const __m128 r = sigmoid_ps(_mm_add_ps(_mm_loadu_ps(gi + i), _mm_loadu_ps(gh + i)));
        const __m128 z = sigmoid_ps(_mm_add_ps(_mm_loadu_ps(gi + n + i), _mm_loadu_ps(gh + n + i)));
        const __m128 gated = _mm_mul_ps(r, _mm_loadu_ps(gh + 2 * n + i));
        const __m128 candidate = tanh_ps(_mm_add_ps(_mm_loadu_ps(gi + 2 * n + i), gated));
        const __m128 keep = _mm_mul_ps(z, _mm_loadu_ps(h + i));
        const __m128 update = _mm_mul_ps(_mm_sub_ps(_mm_set1_ps(1.0f), z), candidate);
        _mm_storeu_ps(h + i, _mm_add_ps(update, keep));
    }
    for (; i < n; i++) gates_scalar(gi, gh, h, n, i);
}
#endif

typedef void (*gates_fn)(const float *, const float *, float *, int32_t);

static gates_fn gates_impl;
static const char *gates_name;
static pthread_once_t gates_once = PTHREAD_ONCE_INIT;

static void choose_once(void) {
#if defined(__x86_64__) || defined(__i386__)
    if (hub_cpu_has_avx2_fma()) { gates_impl = gates_avx2; gates_name = "avx2"; return; }
#endif
    gates_impl = hub_gru_gates_ref;
    gates_name = "portable";
}

void hub_gru_gates(const float *gi, const float *gh, float *h, int32_t n) {
    pthread_once(&gates_once, choose_once);
    gates_impl(gi, gh, h, n);
}

const char *hub_gru_gates_impl(void) {
    pthread_once(&gates_once, choose_once);
    return gates_name;
}
