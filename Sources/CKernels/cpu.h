// What this CPU supports, for the kernels that choose their implementation once at first use.
#pragma once

#if defined(__x86_64__) || defined(__i386__)
/// Whether the CPU runs AVX2.
static inline int hub_cpu_has_avx2(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2");
}

/// Whether the CPU runs AVX2 and FMA.
static inline int hub_cpu_has_avx2_fma(void) {
    return hub_cpu_has_avx2() && __builtin_cpu_supports("fma");
}
#endif
