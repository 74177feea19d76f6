/*
 * launch: starts a program "stopped" for the fault recorder (src/MmapToolkit/Recording). The child is forked here
 * and runs only C: it waits for one byte on a pipe, so that the parent can attach perf events to it (enabled on
 * exec), then takes its own fault counts (getrusage) as the baseline and execs the program.
 *
 * Protocol on the status pipe (the parent reads it after go): struct mmaptk_launch_baseline (16 bytes) written just
 * before execve; then EOF when execve succeeded (the pipe is close-on-exec), or a 4-byte errno when it failed.
 */
#ifndef MMAPTK_LAUNCH_H
#define MMAPTK_LAUNCH_H

#include <stdint.h>

typedef struct mmaptk_launch {
    int32_t pid;
    int32_t go_fd;      /* write one byte: the child execs; close it unwritten: the child _exits(127) */
    int32_t status_fd;  /* read the baseline, then EOF (exec done) or an errno */
    int32_t reserved;
} mmaptk_launch;

typedef struct mmaptk_launch_baseline {
    int64_t minor_faults;  /* the child's ru_minflt just before execve */
    int64_t major_faults;  /* ru_majflt */
} mmaptk_launch_baseline;

/* Forks a child that waits on the go pipe, then execs path with argv (NULL-terminated) and this process's
 * environment. 0 or -errno. */
int mmaptk_launch_stopped(const char *path, char *const argv[], mmaptk_launch *out);

/* Lets the child go and reads the status pipe: 0 and *exec_errno == 0 when execve succeeded; *exec_errno the
 * errno when it failed (the child then exits 127). Closes both descriptors. 0 or -errno (of write/read). */
int mmaptk_launch_go(int go_fd, int status_fd, mmaptk_launch_baseline *baseline, int32_t *exec_errno);

#endif
