#include "hub_kernels.h"
#include "cpu.h"
#include "activation.h"

#include <pthread.h>
#include <stddef.h>

// One output row of a float convolution over (time, frequency), channels innermost: a portable loop and
// an AVX2 + FMA kernel for the speech embedding's first layer. Sums run in the same order in both; FMA
// rounds once per product, so the vector kernel differs from the loop in the last bits (the tests allow
// 1e-5).
void hub_f32_conv_row_ref(const float *const *rows, int32_t kt, int32_t kf, int32_t bins, int32_t cin,
                          int32_t cout, const float *w, const float *bias, int32_t activated, float *out) {
    const int32_t pad = kf / 2;
    for (int32_t f = 0; f < bins; f++) {
        float *o = out + (size_t)f * (size_t)cout;
        for (int32_t c = 0; c < cout; c++) o[c] = bias[c];
        for (int32_t dt = 0; dt < kt; dt++) {
            for (int32_t df = 0; df < kf; df++) {
                const int32_t src = f + df - pad;
                if (src < 0 || src >= bins) continue;
                const float *x = rows[dt] + (size_t)src * (size_t)cin;
                const float *wk = w + (size_t)(dt * kf + df) * (size_t)cin * (size_t)cout;
                for (int32_t i = 0; i < cin; i++) {
                    const float xv = x[i];
                    const float *wr = wk + (size_t)i * (size_t)cout;
                    for (int32_t c = 0; c < cout; c++) o[c] += wr[c] * xv;
                }
            }
        }
        if (activated)
            for (int32_t c = 0; c < cout; c++) o[c] = hub_activation(o[c]);
    }
}

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

// All output channels of one bin stay in registers (nv vectors of 8) while the inputs stream
// past: one broadcast and nv fused multiply-adds per input value. Inlined with a constant nv so the
// accumulators are registers, not memory. Used for the edge bins, whose taps leave the row.
__attribute__((target("avx2,fma"), always_inline))
static inline void conv_bin(const float *const *rows, int32_t kt, int32_t kf, int32_t bins, int32_t cin,
                            const float *w, const float *bias, int32_t activated, float *out, int32_t f, const int nv) {
    const int32_t pad = kf / 2, cout = nv * 8;
    __m256 acc[3];
    for (int v = 0; v < nv; v++) acc[v] = _mm256_loadu_ps(bias + 8 * v);
    for (int32_t dt = 0; dt < kt; dt++) {
        for (int32_t df = 0; df < kf; df++) {
            const int32_t src = f + df - pad;
            if (src < 0 || src >= bins) continue;
            const float *x = rows[dt] + (size_t)src * (size_t)cin;
            const float *wk = w + (size_t)(dt * kf + df) * (size_t)cin * (size_t)cout;
            for (int32_t i = 0; i < cin; i++) {
                const __m256 xv = _mm256_set1_ps(x[i]);
                const float *wr = wk + (size_t)i * (size_t)cout;
                for (int v = 0; v < nv; v++) acc[v] = _mm256_fmadd_ps(_mm256_loadu_ps(wr + 8 * v), xv, acc[v]);
            }
        }
    }
    for (int v = 0; v < nv; v++)
        _mm256_storeu_ps(out + (size_t)f * (size_t)cout + 8 * v, activated ? hub_activation_avx2(acc[v]) : acc[v]);
}

// `nb` adjacent interior bins (all taps inside the row) at once, so each weight vector is loaded once
// for `nb` bins and a 24-channel layer (3 vectors a bin) has enough independent sums to keep both FMA
// pipes busy. Each sum runs in the same order as in `conv_bin`, so blocks and single bins agree bit
// for bit.
__attribute__((target("avx2,fma"), always_inline))
static inline void conv_block(const float *const *rows, int32_t kt, int32_t kf, int32_t f, int32_t cin,
                              const float *w, const float *bias, int32_t activated, float *out, const int nv,
                              const int nb) {
    const int32_t pad = kf / 2, cout = nv * 8;
    __m256 acc[3][3];
    for (int b = 0; b < nb; b++)
        for (int v = 0; v < nv; v++) acc[b][v] = _mm256_loadu_ps(bias + 8 * v);
    for (int32_t dt = 0; dt < kt; dt++) {
        for (int32_t df = 0; df < kf; df++) {
            const float *x = rows[dt] + (size_t)(f + df - pad) * (size_t)cin;
            const float *wk = w + (size_t)(dt * kf + df) * (size_t)cin * (size_t)cout;
            for (int32_t i = 0; i < cin; i++) {
                __m256 xv[3];
                for (int b = 0; b < nb; b++) xv[b] = _mm256_set1_ps(x[(size_t)b * (size_t)cin + (size_t)i]);
                const float *wr = wk + (size_t)i * (size_t)cout;
                for (int v = 0; v < nv; v++) {
                    const __m256 wv = _mm256_loadu_ps(wr + 8 * v);
                    for (int b = 0; b < nb; b++) acc[b][v] = _mm256_fmadd_ps(wv, xv[b], acc[b][v]);
                }
            }
        }
    }
    for (int b = 0; b < nb; b++)
        for (int v = 0; v < nv; v++)
            _mm256_storeu_ps(out + (size_t)(f + b) * (size_t)cout + 8 * v,
                             activated ? hub_activation_avx2(acc[b][v]) : acc[b][v]);
}

// The float kernel serves layer 0 alone (1 input channel, 24 outputs; the later layers run in int16,
// `i16_conv.c`): interior bins 3 at a time (9 accumulators, 3 broadcasts and a weight vector of AVX2's
// 16 registers), the remainder and the edges one bin at a time. Other shapes take the portable loop.
__attribute__((target("avx2,fma")))
static void conv_row_avx2(const float *const *rows, int32_t kt, int32_t kf, int32_t bins, int32_t cin,
                          int32_t cout, const float *w, const float *bias, int32_t activated, float *out) {
    if (cout != 24) {
        hub_f32_conv_row_ref(rows, kt, kf, bins, cin, cout, w, bias, activated, out);
        return;
    }
    const int32_t first = kf / 2, end = bins - kf / 2;  // interior bins [first, end)
    int32_t f = first;
    for (; f + 3 <= end; f += 3) conv_block(rows, kt, kf, f, cin, w, bias, activated, out, 3, 3);
    for (int32_t e = 0; e < bins; e++)
        if (e < first || e >= f) conv_bin(rows, kt, kf, bins, cin, w, bias, activated, out, e, 3);
}
#endif

typedef void (*conv_fn)(const float *const *, int32_t, int32_t, int32_t, int32_t, int32_t, const float *,
                        const float *, int32_t, float *);

static conv_fn conv_impl;
static const char *conv_name;
static pthread_once_t conv_once = PTHREAD_ONCE_INIT;

static void choose_once(void) {
#if defined(__x86_64__) || defined(__i386__)
    if (hub_cpu_has_avx2_fma()) { conv_impl = conv_row_avx2; conv_name = "avx2"; return; }
#endif
    conv_impl = hub_f32_conv_row_ref;
    conv_name = "portable";
}

void hub_f32_conv_row(const float *const *rows, int32_t kt, int32_t kf, int32_t bins, int32_t cin, int32_t cout,
                      const float *w, const float *bias, int32_t activated, float *out) {
    pthread_once(&conv_once, choose_once);
    conv_impl(rows, kt, kf, bins, cin, cout, w, bias, activated, out);
}

const char *hub_f32_conv_impl(void) {
    pthread_once(&conv_once, choose_once);
    return conv_name;
}
