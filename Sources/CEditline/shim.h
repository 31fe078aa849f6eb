#ifndef SPROUT_CEDITLINE_SHIM_H
#define SPROUT_CEDITLINE_SHIM_H
// libedit's readline-compatible API, for Sources/Shell/Editline.swift (the only Swift
// file that calls it). Swift 6 refuses to touch C globals such as rl_line_buffer, so the
// few it needs are read and written through these inline functions.
#include <stdio.h>
#include <stdlib.h>
#include <editline/readline.h>

/// Installs the completion callback and the word-break characters (the string must
/// outlive the process: pass a strdup'ed copy), and turns off libedit's own filename
/// completion fallback and the space it appends after a single match.
static inline void sprout_rl_configure(rl_completion_func_t *complete, char *breaks) {
    rl_attempted_completion_function = complete;
    rl_basic_word_break_characters = breaks;
    rl_completer_word_break_characters = breaks;
    rl_completion_append_character = '\0';
}

/// Stops libedit from falling back to filename completion after our callback ran.
static inline void sprout_rl_completion_over(void) {
    rl_attempted_completion_over = 1;
}

/// Sends libedit's prompt and echo to `stream` instead of standard output (when standard
/// output is redirected: `sprout | tee log`); call before rl_initialize.
static inline void sprout_rl_set_output(FILE *stream) {
    rl_outstream = stream;
}

/// The line being edited (valid inside the completion callback).
static inline const char *sprout_rl_line_buffer(void) {
    return rl_line_buffer;
}

#endif
