#include "hub_kernels.h"

#include <pthread.h>
#include <stddef.h>

// One output row of a convolution over (time, frequency), channels innermost: a portable loop, and
// AVX2 + FMA kernels (AVX-512VL's extra registers allow larger blocks of bins) for the channel counts of
// the speech embedding. Sums run in the same order in all of them; FMA rounds once per product, so the vector
// kernels differ from the loop in the last bits (the tests allow 1e-5).
void hub_f32_conv_row_ref(const float *const *rows, int32_t kt, int32_t kf, int32_t bins, int32_t cin,
                          int32_t cout, const float *w, const float *bias, float *out) {
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
    }
}

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

// All output channels of one bin stay in registers (nv ≤ 12 vectors of 8) while the inputs stream
// past: one broadcast and nv fused multiply-adds per input value. Inlined with a constant nv so the
// accumulators are registers, not memory. Used for the edge bins, whose taps leave the row.
__attribute__((target("avx2,fma"), always_inline))
static inline void conv_bin(const float *const *rows, int32_t kt, int32_t kf, int32_t bins, int32_t cin,
                            const float *w, const float *bias, float *out, int32_t f, const int nv) {
    const int32_t pad = kf / 2, cout = nv * 8;
    __m256 acc[12];
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
    for (int v = 0; v < nv; v++) _mm256_storeu_ps(out + (size_t)f * (size_t)cout + 8 * v, acc[v]);
}

// Channels [8·v0, 8·(v0 + nv)) of `nb` adjacent interior bins (all taps inside the row) at once, so each
// weight vector is loaded once for `nb` bins and a layer with few channels still has enough independent
// sums to keep both FMA pipes busy (a 24-channel bin alone has 3). `cv` vectors make a whole bin. Each
// sum runs in the same order as in `conv_bin`, so blocks, slices and single bins agree bit for bit.
__attribute__((target("avx2,fma"), always_inline))
static inline void conv_block(const float *const *rows, int32_t kt, int32_t kf, int32_t f, int32_t cin,
                              const float *w, const float *bias, float *out, const int cv, const int v0,
                              const int nv, const int nb) {
    const int32_t pad = kf / 2, cout = cv * 8;
    __m256 acc[4][12];
    for (int b = 0; b < nb; b++)
        for (int v = 0; v < nv; v++) acc[b][v] = _mm256_loadu_ps(bias + 8 * (v0 + v));
    for (int32_t dt = 0; dt < kt; dt++) {
        for (int32_t df = 0; df < kf; df++) {
            const float *x = rows[dt] + (size_t)(f + df - pad) * (size_t)cin;
            const float *wk = w + (size_t)(dt * kf + df) * (size_t)cin * (size_t)cout + 8 * v0;
            for (int32_t i = 0; i < cin; i++) {
                __m256 xv[4];
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
        for (int v = 0; v < nv; v++) _mm256_storeu_ps(out + (size_t)(f + b) * (size_t)cout + 8 * (v0 + v), acc[b][v]);
}

// One row of `cv` vectors per bin: interior bins in blocks of `nb`, each block in two channel slices
// (`s1` vectors, then the rest; `s1 == cv` is one slice); then the remainder and the edges one bin at
// a time (`nb == 1`: every bin).
__attribute__((target("avx2,fma"), always_inline))
static inline void conv_row_blocked(const float *const *rows, int32_t kt, int32_t kf, int32_t bins, int32_t cin,
                                    const float *w, const float *bias, float *out, const int cv, const int s1,
                                    const int nb) {
    const int32_t first = kf / 2, end = bins - kf / 2;  // interior bins [first, end)
    int32_t f = first;
    if (nb > 1) {
        for (; f + nb <= end; f += nb) {
            conv_block(rows, kt, kf, f, cin, w, bias, out, cv, 0, s1, nb);
            if (s1 < cv) conv_block(rows, kt, kf, f, cin, w, bias, out, cv, s1, cv - s1, nb);
        }
    }
    for (int32_t e = 0; e < bins; e++)
        if (e < first || e >= f) conv_bin(rows, kt, kf, bins, cin, w, bias, out, e, cv);
}

// Block sizes by channel count. AVX2 has 16 vector registers: a block holds nb × slice accumulators, nb
// broadcasts and one weight vector, so 4 bins of 8 or 16 channels, 3 of 24, 2 of 48, 2 of 72 in slices
// of 40 and 32 channels; 96 channels fill the registers in one bin. Over the embedding's layer shapes
// this is 1.4× the one-bin kernel (a standalone harness, min of 9 runs; slices of 48 for 96 channels
// were slower). With AVX-512VL (`wide`; still 8 floats a vector) the 32 registers hold 4 bins up to 48
// channels and 2 of 72 or 96, each whole.
__attribute__((target("avx2,fma"), always_inline))
static inline void conv_row_sized(const float *const *rows, int32_t kt, int32_t kf, int32_t bins, int32_t cin,
                                  int32_t cout, const float *w, const float *bias, float *out, const int wide) {
    switch (cout) {
    case 8: conv_row_blocked(rows, kt, kf, bins, cin, w, bias, out, 1, 1, 4); return;
    case 16: conv_row_blocked(rows, kt, kf, bins, cin, w, bias, out, 2, 2, 4); return;
    case 24: conv_row_blocked(rows, kt, kf, bins, cin, w, bias, out, 3, 3, wide ? 4 : 3); return;
    case 48: conv_row_blocked(rows, kt, kf, bins, cin, w, bias, out, 6, 6, wide ? 4 : 2); return;
    case 72: conv_row_blocked(rows, kt, kf, bins, cin, w, bias, out, 9, wide ? 9 : 5, 2); return;
    case 96: conv_row_blocked(rows, kt, kf, bins, cin, w, bias, out, 12, 12, wide ? 2 : 1); return;
    default: hub_f32_conv_row_ref(rows, kt, kf, bins, cin, cout, w, bias, out);
    }
}

__attribute__((target("avx2,fma")))
static void conv_row_avx2(const float *const *rows, int32_t kt, int32_t kf, int32_t bins, int32_t cin,
                          int32_t cout, const float *w, const float *bias, float *out) {
    conv_row_sized(rows, kt, kf, bins, cin, cout, w, bias, out, 0);
}

__attribute__((target("avx2,fma,avx512f,avx512vl")))
static void conv_row_512(const float *const *rows, int32_t kt, int32_t kf, int32_t bins, int32_t cin,
                         int32_t cout, const float *w, const float *bias, float *out) {
    conv_row_sized(rows, kt, kf, bins, cin, cout, w, bias, out, 1);
}

static int has_avx512vl(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl");
}

static int has_avx2_fma(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
#endif

typedef void (*conv_fn)(const float *const *, int32_t, int32_t, int32_t, int32_t, int32_t, const float *,
                        const float *, float *);

static conv_fn conv_impl;
static const char *conv_name;
static pthread_once_t conv_once = PTHREAD_ONCE_INIT;

static void choose_once(void) {
#if defined(__x86_64__) || defined(__i386__)
    if (has_avx512vl()) { conv_impl = conv_row_512; conv_name = "avx512vl"; return; }
    if (has_avx2_fma()) { conv_impl = conv_row_avx2; conv_name = "avx2"; return; }
#endif
    conv_impl = hub_f32_conv_row_ref;
    conv_name = "portable";
}

void hub_f32_conv_row(const float *const *rows, int32_t kt, int32_t kf, int32_t bins, int32_t cin, int32_t cout,
                      const float *w, const float *bias, float *out) {
    pthread_once(&conv_once, choose_once);
    conv_impl(rows, kt, kf, bins, cin, cout, w, bias, out);
}

const char *hub_f32_conv_impl(void) {
    pthread_once(&conv_once, choose_once);
    return conv_name;
}
