#include "hub_kernels.h"
#include "cpu.h"
#include "activation.h"
#include "quantize.h"

#include <math.h>
#include <pthread.h>
#include <stddef.h>

// The speech embedding's layers 1–19 in integers: each input row quantized to int16 with its own
// scale, int8 weights widened to int16 and interleaved in pairs of input channels, so that one
// vpmaddwd multiplies two inputs by eight output channels' weights and adds the pairs (16 products an
// instruction against 8 for a float FMA). The int32 sums are exact, so the AVX2 kernel and the
// portable loop agree bit for bit: the float steps after the sums (one per kernel row, then the weight
// scale and bias) are the same fused multiply-adds in the same order in both.

float hub_i16_quantize_row_ref(const float *x, int32_t n, int16_t *q) {
    const float m = hub_max_abs(x, n);
    if (m == 0) {
        for (int32_t i = 0; i < n; i++) q[i] = 0;
        return 1;
    }
    const float factor = 32767.0f / m;
    for (int32_t i = 0; i < n; i++) q[i] = (int16_t)hub_quantized(x[i], factor, 32767.0f);
    return m / 32767.0f;
}

void hub_i16_conv_row_ref(const int16_t *const *rows, const float *row_scales, int32_t kt, int32_t kf, int32_t bins,
                          int32_t cin, int32_t cout, const int16_t *w, const float *w_scales, const float *bias,
                          int32_t activated, float *out) {
    const int32_t pad = kf / 2, pairs = cin / 2;
    for (int32_t f = 0; f < bins; f++) {
        float *o = out + (size_t)f * (size_t)cout;
        for (int32_t c = 0; c < cout; c++) {
            float sum = 0;
            for (int32_t dt = 0; dt < kt; dt++) {
                int32_t acc = 0;
                for (int32_t df = 0; df < kf; df++) {
                    const int32_t src = f + df - pad;
                    if (src < 0 || src >= bins) continue;
                    const int16_t *x = rows[dt] + (size_t)src * (size_t)cin;
                    const int16_t *wk = w + (size_t)(dt * kf + df) * (size_t)cin * (size_t)cout;
                    for (int32_t p = 0; p < pairs; p++) {
                        const int16_t *wp = wk + ((size_t)p * (size_t)cout + (size_t)c) * 2;
                        acc += (int32_t)wp[0] * x[2 * p] + (int32_t)wp[1] * x[2 * p + 1];
                    }
                }
                sum = fmaf((float)acc, row_scales[dt], sum);
            }
            const float y = fmaf(sum, w_scales[c], bias[c]);
            o[c] = activated ? hub_activation(y) : y;
        }
    }
}

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

__attribute__((target("avx2,fma")))
static float quantize_row_avx2(const float *x, int32_t n, int16_t *q) {
    const float m = hub_max_abs_avx2(x, n);
    if (m == 0) {
        for (int32_t j = 0; j < n; j++) q[j] = 0;
        return 1;
    }
    const float factor = 32767.0f / m;
    const __m256 fv = _mm256_set1_ps(factor), limit = _mm256_set1_ps(32767.0f);
    int32_t i = 0;
    for (; i + 16 <= n; i += 16) _mm256_storeu_si256((__m256i *)(q + i), hub_quantized_words_avx2(x + i, fv, limit));
    for (; i < n; i++) q[i] = (int16_t)hub_quantized(x[i], factor, 32767.0f);
    return m / 32767.0f;
}

// Channels [8·v0, 8·(v0 + nv)) of `nb` adjacent bins from `f` (`edge`: a single bin whose taps may
// leave the row). Per kernel row dt the int32 sums are exact; they are scaled by that row's scale
// into float sums, as in the portable loop.
__attribute__((target("avx2,fma"), always_inline))
static inline void block(const int16_t *const *rows, const float *row_scales, int32_t kt, int32_t kf, int32_t f,
                         int32_t bins, int32_t cin, const int16_t *w, float *sums, const int cv, const int v0,
                         const int nv, const int nb, const int edge) {
    const int32_t pad = kf / 2, cout = cv * 8, pairs = cin / 2;
    __m256 total[4][12];
    for (int b = 0; b < nb; b++)
        for (int v = 0; v < nv; v++) total[b][v] = _mm256_setzero_ps();
    for (int32_t dt = 0; dt < kt; dt++) {
        __m256i acc[4][12];
        for (int b = 0; b < nb; b++)
            for (int v = 0; v < nv; v++) acc[b][v] = _mm256_setzero_si256();
        for (int32_t df = 0; df < kf; df++) {
            const int32_t src = f + df - pad;
            if (edge && (src < 0 || src >= bins)) continue;
            const int16_t *x = rows[dt] + (size_t)src * (size_t)cin;
            const int16_t *wk = w + (size_t)(dt * kf + df) * (size_t)cin * (size_t)cout + 16 * v0;
            for (int32_t p = 0; p < pairs; p++) {
                __m256i xv[4];
                for (int b = 0; b < nb; b++) {
                    int32_t pair;
                    __builtin_memcpy(&pair, x + (size_t)b * (size_t)cin + 2 * (size_t)p, sizeof pair);
                    xv[b] = _mm256_set1_epi32(pair);
                }
                const int16_t *wr = wk + (size_t)p * 2 * (size_t)cout;
                for (int v = 0; v < nv; v++) {
                    const __m256i wv = _mm256_loadu_si256((const __m256i *)(wr + 16 * v));
                    for (int b = 0; b < nb; b++) acc[b][v] = _mm256_add_epi32(acc[b][v], _mm256_madd_epi16(wv, xv[b]));
                }
            }
        }
        const __m256 scale = _mm256_set1_ps(row_scales[dt]);
        for (int b = 0; b < nb; b++)
            for (int v = 0; v < nv; v++) total[b][v] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(acc[b][v]), scale, total[b][v]);
    }
    for (int b = 0; b < nb; b++)
        for (int v = 0; v < nv; v++) _mm256_storeu_ps(sums + (size_t)(f + b) * (size_t)cout + 8 * (v0 + v), total[b][v]);
}

// Interior bins in blocks of `nb`, each in two channel slices (`s1` vectors, then the rest; `s1 == cv`
// is one slice), the remainder and the edges one bin at a time; then the weight scales, bias and, for
// an `activated` layer, the activation.
__attribute__((target("avx2,fma"), always_inline))
static inline void row_blocked(const int16_t *const *rows, const float *row_scales, int32_t kt, int32_t kf,
                               int32_t bins, int32_t cin, const int16_t *w, const float *w_scales, const float *bias,
                               int32_t activated, float *out, const int cv, const int s1, const int nb) {
    const int32_t first = kf / 2, end = bins - kf / 2, cout = cv * 8;
    int32_t f = first;
    if (nb > 1) {
        for (; f + nb <= end; f += nb) {
            block(rows, row_scales, kt, kf, f, bins, cin, w, out, cv, 0, s1, nb, 0);
            if (s1 < cv) block(rows, row_scales, kt, kf, f, bins, cin, w, out, cv, s1, cv - s1, nb, 0);
        }
    }
    for (int32_t e = 0; e < bins; e++) {
        if (e >= first && e < f) continue;
        block(rows, row_scales, kt, kf, e, bins, cin, w, out, cv, 0, s1, 1, 1);
        if (s1 < cv) block(rows, row_scales, kt, kf, e, bins, cin, w, out, cv, s1, cv - s1, 1, 1);
    }
    for (int32_t b = 0; b < bins; b++)
        for (int v = 0; v < cv; v++) {
            float *o = out + (size_t)b * (size_t)cout + 8 * v;
            __m256 y = _mm256_fmadd_ps(_mm256_loadu_ps(o), _mm256_loadu_ps(w_scales + 8 * v), _mm256_loadu_ps(bias + 8 * v));
            if (activated) y = hub_activation_avx2(y);
            _mm256_storeu_ps(o, y);
        }
}

// Block sizes by channel count, for AVX2's 16 registers (nb × slice accumulators, nb broadcasts, a
// weight vector and a product): 3 bins of 24 channels, 2 of 48, 2 of 72 in slices of 40 and 32, one
// of 96. Over the embedding's layer shapes this is 2.3× the blocked float kernel (a standalone
// harness on an AMD EPYC of family 25, min of 5 runs).
__attribute__((target("avx2,fma")))
static void conv_row_avx2(const int16_t *const *rows, const float *row_scales, int32_t kt, int32_t kf, int32_t bins,
                          int32_t cin, int32_t cout, const int16_t *w, const float *w_scales, const float *bias,
                          int32_t activated, float *out) {
    switch (cout) {
    case 24: row_blocked(rows, row_scales, kt, kf, bins, cin, w, w_scales, bias, activated, out, 3, 3, 3); return;
    case 48: row_blocked(rows, row_scales, kt, kf, bins, cin, w, w_scales, bias, activated, out, 6, 6, 2); return;
    case 72: row_blocked(rows, row_scales, kt, kf, bins, cin, w, w_scales, bias, activated, out, 9, 5, 2); return;
    case 96: row_blocked(rows, row_scales, kt, kf, bins, cin, w, w_scales, bias, activated, out, 12, 12, 1); return;
    default: hub_i16_conv_row_ref(rows, row_scales, kt, kf, bins, cin, cout, w, w_scales, bias, activated, out);
    }
}
#endif

typedef void (*conv_fn)(const int16_t *const *, const float *, int32_t, int32_t, int32_t, int32_t, int32_t,
                        const int16_t *, const float *, const float *, int32_t, float *);
typedef float (*quantize_fn)(const float *, int32_t, int16_t *);

static conv_fn conv_impl;
static quantize_fn quantize_impl;
static const char *impl_name;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void choose_once(void) {
#if defined(__x86_64__) || defined(__i386__)
    if (hub_cpu_has_avx2_fma()) {
        conv_impl = conv_row_avx2;
        quantize_impl = quantize_row_avx2;
        impl_name = "avx2";
        return;
    }
#endif
    conv_impl = hub_i16_conv_row_ref;
    quantize_impl = hub_i16_quantize_row_ref;
    impl_name = "portable";
}

float hub_i16_quantize_row(const float *x, int32_t n, int16_t *q) {
    pthread_once(&once, choose_once);
    return quantize_impl(x, n, q);
}

void hub_i16_conv_row(const int16_t *const *rows, const float *row_scales, int32_t kt, int32_t kf, int32_t bins,
                      int32_t cin, int32_t cout, const int16_t *w, const float *w_scales, const float *bias,
                      int32_t activated, float *out) {
    pthread_once(&once, choose_once);
    conv_impl(rows, row_scales, kt, kf, bins, cin, cout, w, w_scales, bias, activated, out);
}

const char *hub_i16_conv_impl(void) {
    pthread_once(&once, choose_once);
    return impl_name;
}
