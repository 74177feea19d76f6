/*
 * proc_util: what every part of libmmaptk that forks needs, written once: a monotonic clock, poll with a
 * deadline, waiting for a process (and reaping it) through its pidfd with a timeout, and the clean-up a fresh
 * child does before anything else (close inherited descriptors, put signal handlers back to their defaults).
 *
 * Internal to the library (hidden symbols, not part of its ABI). The clock, the poll and the child-side calls
 * only make system calls and keep no state, so they are safe in a forked child and in a signal handler.
 */
#ifndef MMAPTK_PROC_UTIL_H
#define MMAPTK_PROC_UTIL_H

#include <stdint.h>

#define MMAPTK_INTERNAL __attribute__((visibility("hidden")))

/* CLOCK_MONOTONIC in nanoseconds. When clock_gettime fails: 0, and its errno in *error (error may be NULL). */
MMAPTK_INTERNAL int64_t mmaptk_now_ns(int *error);

/* The deadline timeout_ms from now, for mmaptk_poll_until; a negative timeout means no deadline (-1). */
MMAPTK_INTERNAL int64_t mmaptk_deadline_after(int timeout_ms);

/* Polls one descriptor for `events` until it is ready or the deadline passes (EINTR retried).
 * 1 ready, 0 timed out, -errno. */
MMAPTK_INTERNAL int mmaptk_poll_until(int fd, short events, int64_t deadline);

/* Waits at most timeout_ms (negative: forever) for the process behind pidfd to end. With reap != 0 (it is a
 * child of this process) also reaps it with waitid(P_PIDFD) and stores a waitpid-style status in *wstatus;
 * otherwise *wstatus is -1. wstatus may be NULL. 0, -ETIMEDOUT, -ECHILD (already reaped), or -errno. */
MMAPTK_INTERNAL int mmaptk_pidfd_wait(int pidfd, int reap, int timeout_ms, int32_t *wstatus);

/* In a fresh child: closes every descriptor but 0, 1, 2 and `keep`. */
MMAPTK_INTERNAL void mmaptk_close_fds_except(int keep);

/* In a fresh child: every signal's disposition back to SIG_DFL (the runtime's handlers must never run there).
 * The signal mask is left alone: the caller unblocks once its own handlers are in place. */
MMAPTK_INTERNAL void mmaptk_default_signal_handlers(void);

#endif
