// What follows every layer of the speech embedding but the last (docs/model-format.md §4.6):
// LeakyReLU(0.2), then max(·, −0.4). The AVX2 form takes max(y, 0.2·y), which is y above zero and 0.2·y
// below, the same values.
#pragma once
#include <math.h>

static inline float hub_activation(float y) {
    const float leaky = y > 0 ? y : 0.2f * y;
    return fmaxf(leaky, -0.4f);
}

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

__attribute__((target("avx2"), always_inline))
static inline __m256 hub_activation_avx2(__m256 y) {
    return _mm256_max_ps(_mm256_max_ps(y, _mm256_mul_ps(y, _mm256_set1_ps(0.2f))), _mm256_set1_ps(-0.4f));
}
#endif
