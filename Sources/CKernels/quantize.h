// Symmetric quantization of a row of floats to ±limit (int8: 127, int16: 32767): q = clamp(rint(x · limit / m),
// −limit, limit) with m = max |x| and scale m / limit. The scalar steps, and AVX2 ones that give the same
// values (a maximum is exact in any order; cvtps rounds to nearest even, as rint does in the default mode).
#pragma once
#include <math.h>
#include <stdint.h>

static inline float hub_max_abs(const float *x, int32_t n) {
    float m = 0;
    for (int32_t i = 0; i < n; i++) m = fmaxf(m, fabsf(x[i]));
    return m;
}

/// One value: clamp(rint(x · factor), −limit, limit).
static inline int32_t hub_quantized(float x, float factor, float limit) {
    return (int32_t)lrintf(fminf(fmaxf(x * factor, -limit), limit));
}

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

__attribute__((target("avx2"), always_inline))
static inline float hub_max_abs_avx2(const float *x, int32_t n) {
    const __m256 sign = _mm256_set1_ps(-0.0f);
    __m256 mv = _mm256_setzero_ps();
    int32_t i = 0;
    for (; i + 8 <= n; i += 8) mv = _mm256_max_ps(mv, _mm256_andnot_ps(sign, _mm256_loadu_ps(x + i)));
    float lanes[8];
    _mm256_storeu_ps(lanes, mv);
    float m = hub_max_abs(x + i, n - i);
    for (int k = 0; k < 8; k++) m = fmaxf(m, lanes[k]);
    return m;
}

/// x[0..<16] quantized as `hub_quantized` does, as 16 int16 in order (limit ≤ 32767).
__attribute__((target("avx2"), always_inline))
static inline __m256i hub_quantized_words_avx2(const float *x, __m256 factor, __m256 limit) {
    const __m256 low = _mm256_sub_ps(_mm256_setzero_ps(), limit);
    const __m256i a = _mm256_cvtps_epi32(_mm256_min_ps(_mm256_max_ps(_mm256_mul_ps(_mm256_loadu_ps(x), factor), low), limit));
    const __m256i b = _mm256_cvtps_epi32(_mm256_min_ps(_mm256_max_ps(_mm256_mul_ps(_mm256_loadu_ps(x + 8), factor), low), limit));
    // packs works per 128-bit lane: put the four 64-bit quarters back in order.
    return _mm256_permute4x64_epi64(_mm256_packs_epi32(a, b), 0xD8);
}
#endif
