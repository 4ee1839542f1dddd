#include "hub_kernels.h"

#include <pthread.h>
#include <stddef.h>

void hub_i8_matvec_ref(const int8_t *w, const int8_t *x, int32_t *acc, int32_t rows, int32_t cols) {
    for (int32_t r = 0; r < rows; r++) {
        const int8_t *row = w + (size_t)r * (size_t)cols;
        int32_t sum = 0;
        for (int32_t j = 0; j < cols; j++) sum += (int32_t)row[j] * (int32_t)x[j];
        acc[r] = sum;
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

// Four rows at a time share each widened slice of x; the tail of each row runs scalar.
__attribute__((target("avx2")))
static void matvec_avx2(const int8_t *w, const int8_t *x, int32_t *acc, int32_t rows, int32_t cols) {
    const int32_t body = cols & ~15;
    int32_t r = 0;
    for (; r + 4 <= rows; r += 4) {
        const int8_t *w0 = w + (size_t)r * (size_t)cols, *w1 = w0 + cols, *w2 = w1 + cols, *w3 = w2 + cols;
        __m256i s0 = _mm256_setzero_si256(), s1 = s0, s2 = s0, s3 = s0;
        for (int32_t j = 0; j < body; j += 16) {
            __m256i xs = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(x + j)));
            s0 = _mm256_add_epi32(s0, dot16(w0 + j, xs));
            s1 = _mm256_add_epi32(s1, dot16(w1 + j, xs));
            s2 = _mm256_add_epi32(s2, dot16(w2 + j, xs));
            s3 = _mm256_add_epi32(s3, dot16(w3 + j, xs));
        }
        int32_t t0 = hsum(s0), t1 = hsum(s1), t2 = hsum(s2), t3 = hsum(s3);
        for (int32_t j = body; j < cols; j++) {
            int32_t xj = x[j];
            t0 += w0[j] * xj; t1 += w1[j] * xj; t2 += w2[j] * xj; t3 += w3[j] * xj;
        }
        acc[r] = t0; acc[r + 1] = t1; acc[r + 2] = t2; acc[r + 3] = t3;
    }
    if (r < rows) hub_i8_matvec_ref(w + (size_t)r * (size_t)cols, x, acc + r, rows - r, cols);
}

static int has_avx2(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2");
}
#endif

typedef void (*matvec_fn)(const int8_t *, const int8_t *, int32_t *, int32_t, int32_t);

static matvec_fn chosen_matvec(const char **name) {
#if defined(__x86_64__) || defined(__i386__)
    if (has_avx2()) { *name = "avx2"; return matvec_avx2; }
#endif
    *name = "portable";
    return hub_i8_matvec_ref;
}

static matvec_fn matvec_impl;
static const char *matvec_name;
static pthread_once_t matvec_once = PTHREAD_ONCE_INIT;

static void choose_once(void) { matvec_impl = chosen_matvec(&matvec_name); }

static void choose(void) { pthread_once(&matvec_once, choose_once); }

void hub_i8_matvec(const int8_t *w, const int8_t *x, int32_t *acc, int32_t rows, int32_t cols) {
    choose();
    matvec_impl(w, x, acc, rows, cols);
}

const char *hub_i8_matvec_impl(void) {
    choose();
    return matvec_name;
}
