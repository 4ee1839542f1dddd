// The largest |x[i]| of n floats, the scale of a symmetric quantizer: the scalar loop, and AVX2 eight at
// a time (a maximum is exact, so both give the same value in any order).
#pragma once
#include <math.h>
#include <stdint.h>

static inline float hub_max_abs(const float *x, int32_t n) {
    float m = 0;
    for (int32_t i = 0; i < n; i++) m = fmaxf(m, fabsf(x[i]));
    return m;
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
#endif
