#ifndef HUB_PIPE_H
#define HUB_PIPE_H

/// Creates a pipe whose two descriptors are close-on-exec from the moment they exist (`pipe2` with
/// `O_CLOEXEC`), so that no child another thread spawns meanwhile inherits them. `fds[0]` is the
/// read end, `fds[1]` the write end. Returns 0, or -1 with `errno` set.
int hub_pipe_cloexec(int fds[2]);

#endif
