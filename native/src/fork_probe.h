/*
 * fork_probe: fork a child that runs a described workload (touch these pages, read or write) and reports
 * what it cost (minor/major faults with RUSAGE_THREAD, elapsed CLOCK_MONOTONIC time) and the raw
 * /proc/self/pagemap entries of the pages of interest, before and after the work.
 *
 * docs/design.md rule 1: no managed code ever runs in the child. Everything the child needs is allocated by
 * mmaptk_fp_start in the parent before the fork; the child only makes raw system calls and ends with _exit.
 * The child can wait at a gate before its work (so the parent can look at the state right after fork),
 * stay alive after reporting until released (so several children share frames at once), and fork a
 * grandchild with its own workload.
 *
 * The managed side (src/MmapToolkit/Interop/NativeLib.ForkProbe.cs) mirrors these structs exactly.
 */
#ifndef MMAPTK_FORK_PROBE_H
#define MMAPTK_FORK_PROBE_H

#include <stdint.h>

#define MMAPTK_FP_MAGIC 0x50464b4du /* "MKFP" */

/* One page touch: one byte at `address` is read, or written with `value`. */
typedef struct mmaptk_fp_touch {
    uint64_t address;
    uint32_t write;
    uint32_t value;
} mmaptk_fp_touch;

/* What one process (child or grandchild) does. Arrays are copied by mmaptk_fp_start. */
typedef struct mmaptk_fp_workload {
    const mmaptk_fp_touch *touches;
    uint64_t touch_count;
    const uint64_t *watch;      /* page addresses whose pagemap entries are recorded before and after */
    uint64_t watch_count;
    int32_t hold;               /* 1: after reporting, stay alive until released */
    int32_t gate;               /* 1: wait for mmaptk_fp_go before the work (child only) */
} mmaptk_fp_workload;

/* Steps that can fail in the child, reported in mmaptk_fp_report.failed_step. */
enum mmaptk_fp_step {
    MMAPTK_FP_OK = 0,
    MMAPTK_FP_OPEN_PAGEMAP = 1,
    MMAPTK_FP_READ_PAGEMAP_BEFORE = 2,
    MMAPTK_FP_GETRUSAGE = 3,
    MMAPTK_FP_READ_PAGEMAP_AFTER = 4,
    MMAPTK_FP_FORK_GRANDCHILD = 5,
};

/* Fixed-layout report, followed by uint64 before[watch_count] and uint64 after[watch_count]. 64 bytes. */
typedef struct mmaptk_fp_report {
    uint32_t magic;
    int32_t pid;
    int32_t failed_step;        /* enum mmaptk_fp_step */
    int32_t error;              /* errno of the failed step, or 0 */
    int64_t minor_faults;       /* RUSAGE_THREAD delta around the touches */
    int64_t major_faults;
    int64_t elapsed_ns;         /* CLOCK_MONOTONIC around the touches */
    uint64_t touch_count;
    uint64_t watch_count;
    int32_t grandchild_pid;     /* child only: the grandchild it forked after its work, or -1 / 0 */
    int32_t reserved;
} mmaptk_fp_report;

typedef struct mmaptk_fp mmaptk_fp;

/* Forks a child running `child` (and, when `grandchild` is not NULL, the child forks a grandchild running it
 * after its own report). Returns 0 and the probe in *out, or -errno. The fork's own duration is measured here,
 * in the parent, around the clone system call. */
int mmaptk_fp_start(const mmaptk_fp_workload *child, const mmaptk_fp_workload *grandchild, mmaptk_fp **out);

int32_t mmaptk_fp_pid(const mmaptk_fp *probe);
int64_t mmaptk_fp_fork_ns(const mmaptk_fp *probe);

/* Size in bytes of the report of `which` (0 child, 1 grandchild), or 0 when there is no such process. */
uint64_t mmaptk_fp_report_size(const mmaptk_fp *probe, int which);

/* Opens the gate of a child started with gate = 1. 0 or -errno. */
int mmaptk_fp_go(mmaptk_fp *probe);

/* Reads the report of `which` into buf (report_size bytes). Waits at most timeout_ms.
 * 0, -ETIMEDOUT, -ECHILD (the process ended without a complete report), or -errno. */
int mmaptk_fp_await_report(mmaptk_fp *probe, int which, int timeout_ms, void *buf, uint64_t len);

/* Lets held processes exit (closes the release pipe). Idempotent. */
int mmaptk_fp_release(mmaptk_fp *probe);

/* Waits at most timeout_ms for the child to end and reaps it. 0 and the waitpid status in *wstatus,
 * -ETIMEDOUT, or -errno. Once reaped, later calls return the same status. */
int mmaptk_fp_wait(mmaptk_fp *probe, int timeout_ms, int *wstatus);

/* SIGKILLs the child. With a grandchild, first SIGKILLs the grandchild and releases the child so that it reaps
 * it (up to 2 s), and only then SIGKILLs the child if it is still there. 0 or -errno. Reap with mmaptk_fp_wait. */
int mmaptk_fp_kill(mmaptk_fp *probe);

/* Release, a short grace period, SIGKILL if still alive, reap, close every descriptor, free. Never leaves a child. */
void mmaptk_fp_destroy(mmaptk_fp *probe);

#endif
