#include "hub_kernels.h"
#include "cpu.h"
#include "quantize.h"

#include <math.h>
#include <pthread.h>
#include <stddef.h>

float hub_i8_quantize_ref(const float *v, int32_t n, int8_t *q) {
    const float m = hub_max_abs(v, n);
    if (m == 0) {
        for (int32_t i = 0; i < n; i++) q[i] = 0;
        return 1;
    }
    const float k = 127.0f / m;
    for (int32_t i = 0; i < n; i++) q[i] = (int8_t)hub_quantized(v[i], k, 127.0f);
    return m / 127.0f;
}

void hub_i8_matmul_ref(const int8_t *w, const int8_t *x, int32_t *acc, int32_t rows, int32_t cols, int32_t count) {
    for (int32_t t = 0; t < count; t++) {
        const int8_t *xt = x + (size_t)t * (size_t)cols;
        for (int32_t r = 0; r < rows; r++) {
            const int8_t *row = w + (size_t)r * (size_t)cols;
            int32_t sum = 0;
            for (int32_t j = 0; j < cols; j++) sum += (int32_t)row[j] * (int32_t)xt[j];
            acc[(size_t)t * (size_t)rows + (size_t)r] = sum;
        }
    }
}

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

// Sign-extends 16 int8 to int16 and multiply-adds pairs into 8 int32 lanes: exact for int8 inputs.
__attribute__((target("avx2")))
static inline __m256i dot16(const int8_t *a, __m256i xs) {
    __m256i as = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)a));
    return _mm256_madd_epi16(as, xs);
}

__attribute__((target("avx2")))
static inline int32_t hsum(__m256i v) {
    __m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, _MM_SHUFFLE(1, 0, 3, 2)));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, _MM_SHUFFLE(2, 3, 0, 1)));
    return _mm_cvtsi128_si32(s);
}

// Four rows at a time share each widened slice of x, and stay in the L1 cache for every vector of the
// batch, so the weights are read from memory once a batch; the tail of each row runs scalar.
__attribute__((target("avx2")))
static void matmul_avx2(const int8_t *w, const int8_t *x, int32_t *acc, int32_t rows, int32_t cols, int32_t count) {
    const int32_t body = cols & ~15;
    int32_t r = 0;
    for (; r + 4 <= rows; r += 4) {
        const int8_t *w0 = w + (size_t)r * (size_t)cols, *w1 = w0 + cols, *w2 = w1 + cols, *w3 = w2 + cols;
        for (int32_t t = 0; t < count; t++) {
            const int8_t *xt = x + (size_t)t * (size_t)cols;
            __m256i s0 = _mm256_setzero_si256(), s1 = s0, s2 = s0, s3 = s0;
            for (int32_t j = 0; j < body; j += 16) {
                __m256i xs = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(xt + j)));
                s0 = _mm256_add_epi32(s0, dot16(w0 + j, xs));
                s1 = _mm256_add_epi32(s1, dot16(w1 + j, xs));
                s2 = _mm256_add_epi32(s2, dot16(w2 + j, xs));
                s3 = _mm256_add_epi32(s3, dot16(w3 + j, xs));
            }
            int32_t t0 = hsum(s0), t1 = hsum(s1), t2 = hsum(s2), t3 = hsum(s3);
            for (int32_t j = body; j < cols; j++) {
                int32_t xj = xt[j];
                t0 += w0[j] * xj; t1 += w1[j] * xj; t2 += w2[j] * xj; t3 += w3[j] * xj;
            }
            int32_t *out = acc + (size_t)t * (size_t)rows + (size_t)r;
            out[0] = t0; out[1] = t1; out[2] = t2; out[3] = t3;
        }
    }
    for (int32_t t = 0; r < rows && t < count; t++)
        hub_i8_matmul_ref(w + (size_t)r * (size_t)cols, x + (size_t)t * (size_t)cols, acc + (size_t)t * (size_t)rows + r,
                          rows - r, cols, 1);
}

// §4.2's quantizer, 16 values at a time.
__attribute__((target("avx2")))
static float quantize_avx2(const float *v, int32_t n, int8_t *q) {
    const float m = hub_max_abs_avx2(v, n);
    if (m == 0) {
        for (int32_t j = 0; j < n; j++) q[j] = 0;
        return 1;
    }
    const float k = 127.0f / m;
    const __m256 kv = _mm256_set1_ps(k), limit = _mm256_set1_ps(127.0f);
    int32_t i = 0;
    for (; i + 16 <= n; i += 16) {
        const __m256i words = hub_quantized_words_avx2(v + i, kv, limit);
        _mm_storeu_si128((__m128i *)(q + i), _mm_packs_epi16(_mm256_castsi256_si128(words), _mm256_extracti128_si256(words, 1)));
    }
    for (; i < n; i++) q[i] = (int8_t)hub_quantized(v[i], k, 127.0f);
    return m / 127.0f;
}
#endif

typedef void (*matmul_fn)(const int8_t *, const int8_t *, int32_t *, int32_t, int32_t, int32_t);
typedef float (*quantize_fn)(const float *, int32_t, int8_t *);

static matmul_fn matmul_impl;
static quantize_fn quantize_impl;
static const char *impl_name;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void choose_once(void) {
#if defined(__x86_64__) || defined(__i386__)
    if (hub_cpu_has_avx2()) {
        matmul_impl = matmul_avx2;
        quantize_impl = quantize_avx2;
        impl_name = "avx2";
        return;
    }
#endif
    matmul_impl = hub_i8_matmul_ref;
    quantize_impl = hub_i8_quantize_ref;
    impl_name = "portable";
}

static void choose(void) { pthread_once(&once, choose_once); }

void hub_i8_matmul(const int8_t *w, const int8_t *x, int32_t *acc, int32_t rows, int32_t cols, int32_t count) {
    choose();
    matmul_impl(w, x, acc, rows, cols, count);
}

float hub_i8_quantize(const float *v, int32_t n, int8_t *q) {
    choose();
    return quantize_impl(v, n, q);
}

const char *hub_i8_impl(void) {
    choose();
    return impl_name;
}
