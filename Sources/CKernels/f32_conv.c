#include "hub_kernels.h"

#include <pthread.h>
#include <stddef.h>

// One output row of a convolution over (time, frequency), channels innermost. The body is written
// once and compiled twice: plainly, and for AVX2 + FMA, where the loop over output channels
// vectorises. Sums run in the same order in both; FMA rounds once per product, so the two differ
// in the last bits (the tests allow 1e-4 relative).
#define CONV_ROW_BODY                                                                          \
    const int32_t pad = kf / 2;                                                                 \
    for (int32_t f = 0; f < bins; f++) {                                                       \
        float *o = out + (size_t)f * (size_t)cout;                                             \
        for (int32_t c = 0; c < cout; c++) o[c] = bias[c];                                     \
        for (int32_t dt = 0; dt < kt; dt++) {                                                  \
            for (int32_t df = 0; df < kf; df++) {                                              \
                const int32_t src = f + df - pad;                                              \
                if (src < 0 || src >= bins) continue;                                          \
                const float *x = rows[dt] + (size_t)src * (size_t)cin;                         \
                const float *wk = w + (size_t)(dt * kf + df) * (size_t)cin * (size_t)cout;     \
                for (int32_t i = 0; i < cin; i++) {                                            \
                    const float xv = x[i];                                                     \
                    const float *wr = wk + (size_t)i * (size_t)cout;                           \
                    for (int32_t c = 0; c < cout; c++) o[c] += wr[c] * xv;                     \
                }                                                                              \
            }                                                                                  \
        }                                                                                      \
    }

void hub_f32_conv_row_ref(const float *const *rows, int32_t kt, int32_t kf, int32_t bins, int32_t cin,
                          int32_t cout, const float *w, const float *bias, float *out) {
    CONV_ROW_BODY
}

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx2,fma")))
static void conv_row_avx2(const float *const *rows, int32_t kt, int32_t kf, int32_t bins, int32_t cin,
                          int32_t cout, const float *restrict w, const float *restrict bias, float *restrict out) {
    CONV_ROW_BODY
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
