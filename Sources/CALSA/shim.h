#pragma once
#include <alsa/asoundlib.h>

/* ALSA prints its own diagnostics through a variadic handler, which Swift cannot define.
 * The hub reports every ALSA failure as an AudioError with snd_strerror() text instead,
 * so this installs a handler that drops the library's stderr chatter. */
static void hub_alsa_quiet_error_handler(const char *file, int line, const char *function, int err,
                                         const char *fmt, ...) {
    (void)file; (void)line; (void)function; (void)err; (void)fmt;
}

static inline void hub_alsa_silence_library_errors(void) {
    snd_lib_error_set_handler(hub_alsa_quiet_error_handler);
}
