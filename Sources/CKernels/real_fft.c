#include "hub_kernels.h"
#include "cpu.h"

#include <pthread.h>

// The front end's power spectrum: an N-point real FFT as one N/2-point complex radix-2 FFT (decimation in
// time) and the split step that separates the even and odd halves. Every value is a float32 multiply, add
// or subtract in the order the portable loop writes it (no fused multiply-adds), so the AVX variant, which
// runs eight butterflies or eight split-step bins at once, gives the same bits.
#pragma STDC FP_CONTRACT OFF

static inline void pack(const float *x, int32_t half, const int32_t *reversal, float *re, float *im) {
    for (int32_t i = 0; i < half; i++) {
        re[reversal[i]] = x[2 * i];
        im[reversal[i]] = x[2 * i + 1];
    }
}

// The butterflies of the stage whose pairs are `span` apart, offsets [from, to) of every group.
static inline void stage_scalar(int32_t half, int32_t span, int32_t from, const float *wc, const float *ws,
                                float *re, float *im) {
    for (int32_t start = 0; start < half; start += 2 * span)
        for (int32_t offset = from; offset < span; offset++) {
            const float c = wc[offset], s = ws[offset];
            const int32_t top = start + offset, bottom = top + span;
            const float product_re = re[bottom] * c - im[bottom] * s;
            const float product_im = re[bottom] * s + im[bottom] * c;
            re[bottom] = re[top] - product_re;
            im[bottom] = im[top] - product_im;
            re[top] += product_re;
            im[top] += product_im;
        }
}

// X[k] = E[k] + W^k·O[k] for k in [from, to), with E and O from Z[k] and conj(Z[N/2 − k]).
static inline void split_scalar(int32_t half, int32_t from, int32_t to, const float *wc, const float *ws,
                                const float *re, const float *im, float *power) {
    for (int32_t k = from; k < to; k++) {
        const float a = re[k % half], b = im[k % half];
        const float c = re[(half - k) % half], d = im[(half - k) % half];
        const float even_re = (a + c) * 0.5f, even_im = (b - d) * 0.5f;
        const float odd_re = (b + d) * 0.5f, odd_im = (c - a) * 0.5f;
        const float x_re = even_re + wc[k] * odd_re - ws[k] * odd_im;
        const float x_im = even_im + wc[k] * odd_im + ws[k] * odd_re;
        power[k] = x_re * x_re + x_im * x_im;
    }
}

void hub_fft_power_ref(const float *x, int32_t half, const int32_t *reversal, const float *stage_cos,
                       const float *stage_sin, const float *split_cos, const float *split_sin, float *re, float *im,
                       float *power) {
    pack(x, half, reversal, re, im);
    for (int32_t span = 1; span < half; span *= 2)
        stage_scalar(half, span, 0, stage_cos + span - 1, stage_sin + span - 1, re, im);
    split_scalar(half, 0, half + 1, split_cos, split_sin, re, im, power);
}

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

__attribute__((target("avx2")))
static void fft_power_avx2(const float *x, int32_t half, const int32_t *reversal, const float *stage_cos,
                           const float *stage_sin, const float *split_cos, const float *split_sin, float *re,
                           float *im, float *power) {
    pack(x, half, reversal, re, im);
    for (int32_t span = 1; span < half; span *= 2) {
        const float *wc = stage_cos + span - 1, *ws = stage_sin + span - 1;
        if (span < 8) {
            stage_scalar(half, span, 0, wc, ws, re, im);
            continue;
        }
        for (int32_t start = 0; start < half; start += 2 * span)
            for (int32_t offset = 0; offset < span; offset += 8) {
                float *rt = re + start + offset, *it = im + start + offset;
                float *rb = rt + span, *ib = it + span;
                const __m256 c = _mm256_loadu_ps(wc + offset), s = _mm256_loadu_ps(ws + offset);
                const __m256 bre = _mm256_loadu_ps(rb), bim = _mm256_loadu_ps(ib);
                const __m256 tre = _mm256_loadu_ps(rt), tim = _mm256_loadu_ps(it);
                const __m256 product_re = _mm256_sub_ps(_mm256_mul_ps(bre, c), _mm256_mul_ps(bim, s));
                const __m256 product_im = _mm256_add_ps(_mm256_mul_ps(bre, s), _mm256_mul_ps(bim, c));
                _mm256_storeu_ps(rb, _mm256_sub_ps(tre, product_re));
                _mm256_storeu_ps(ib, _mm256_sub_ps(tim, product_im));
                _mm256_storeu_ps(rt, _mm256_add_ps(tre, product_re));
                _mm256_storeu_ps(it, _mm256_add_ps(tim, product_im));
            }
    }
    // Bins 1 … half − 1 eight at a time; their mirror bins half − k run backwards, loaded reversed.
    const __m256i reverse = _mm256_setr_epi32(7, 6, 5, 4, 3, 2, 1, 0);
    const __m256 one_half = _mm256_set1_ps(0.5f);
    int32_t k = 1;
    for (; k + 8 <= half; k += 8) {
        const __m256 a = _mm256_loadu_ps(re + k), b = _mm256_loadu_ps(im + k);
        const __m256 c = _mm256_permutevar8x32_ps(_mm256_loadu_ps(re + half - k - 7), reverse);
        const __m256 d = _mm256_permutevar8x32_ps(_mm256_loadu_ps(im + half - k - 7), reverse);
        const __m256 even_re = _mm256_mul_ps(_mm256_add_ps(a, c), one_half);
        const __m256 even_im = _mm256_mul_ps(_mm256_sub_ps(b, d), one_half);
        const __m256 odd_re = _mm256_mul_ps(_mm256_add_ps(b, d), one_half);
        const __m256 odd_im = _mm256_mul_ps(_mm256_sub_ps(c, a), one_half);
        const __m256 wc = _mm256_loadu_ps(split_cos + k), ws = _mm256_loadu_ps(split_sin + k);
        const __m256 x_re = _mm256_sub_ps(_mm256_add_ps(even_re, _mm256_mul_ps(wc, odd_re)), _mm256_mul_ps(ws, odd_im));
        const __m256 x_im = _mm256_add_ps(_mm256_add_ps(even_im, _mm256_mul_ps(wc, odd_im)), _mm256_mul_ps(ws, odd_re));
        _mm256_storeu_ps(power + k, _mm256_add_ps(_mm256_mul_ps(x_re, x_re), _mm256_mul_ps(x_im, x_im)));
    }
    split_scalar(half, 0, 1, split_cos, split_sin, re, im, power);
    split_scalar(half, k, half + 1, split_cos, split_sin, re, im, power);
}
#endif

typedef void (*fft_fn)(const float *, int32_t, const int32_t *, const float *, const float *, const float *,
                       const float *, float *, float *, float *);

static fft_fn fft_impl;
static const char *impl_name;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void choose_once(void) {
#if defined(__x86_64__) || defined(__i386__)
    if (hub_cpu_has_avx2()) {
        fft_impl = fft_power_avx2;
        impl_name = "avx2";
        return;
    }
#endif
    fft_impl = hub_fft_power_ref;
    impl_name = "portable";
}

void hub_fft_power(const float *x, int32_t half, const int32_t *reversal, const float *stage_cos,
                   const float *stage_sin, const float *split_cos, const float *split_sin, float *re, float *im,
                   float *power) {
    pthread_once(&once, choose_once);
    fft_impl(x, half, reversal, stage_cos, stage_sin, split_cos, split_sin, re, im, power);
}

const char *hub_fft_impl(void) {
    pthread_once(&once, choose_once);
    return impl_name;
}
