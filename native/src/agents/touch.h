/*
 * touch: load or store one byte at each of a list of addresses, measured the same way wherever it runs (the
 * managed parent through mmaptk_touch, a child agent through agent.c): minor and major faults from
 * getrusage(RUSAGE_THREAD) and CLOCK_MONOTONIC nanoseconds around the loop only.
 *
 * The measurement is split in three so that a caller can catch faults around the loop:
 *   mmaptk_touch_begin(&w)          warm-up, then the "before" snapshot
 *   mmaptk_touch_loop(..., &w.at)   the accesses; w.at says how far it got if a signal cuts it short
 *   mmaptk_touch_end(&w, out)       the "after" snapshot and the result
 * agent.c wraps the loop in sigsetjmp/siglongjmp (its own SIGSEGV/SIGBUS handler); a future probing variant in
 * the parent can do the same from the pager's handler, filling out->signal/si_code/fault_* itself.
 */
#ifndef MMAPTK_TOUCH_H
#define MMAPTK_TOUCH_H

#include <stdint.h>
#include <sys/resource.h>

#include "layout_assert.h"

/* Result of one touch loop. 64 bytes; the managed side mirrors it (NativeLib.Agent.cs). */
typedef struct mmaptk_touch_result {
    int64_t minor_faults;       /* RUSAGE_THREAD delta around the loop */
    int64_t major_faults;
    int64_t elapsed_ns;         /* CLOCK_MONOTONIC around the loop */
    uint64_t byte_sum;          /* reads: sum of the bytes loaded (up to the fault, if one stopped the loop) */
    uint64_t completed;         /* accesses done: count, or the index of the access that faulted */
    uint64_t fault_address;     /* the faulting address (si_addr), when signal != 0 */
    int32_t signal;             /* SIGSEGV or SIGBUS that stopped the loop, 0 if none */
    int32_t si_code;            /* SEGV_MAPERR, SEGV_ACCERR, BUS_ADRERR, ... */
    int32_t error;              /* errno of a failed getrusage/clock_gettime, 0 normally */
    int32_t reserved;
} mmaptk_touch_result;

MMAPTK_ASSERT_SIZE(mmaptk_touch_result, 64);
MMAPTK_ASSERT_OFFSET(mmaptk_touch_result, minor_faults, 0);
MMAPTK_ASSERT_OFFSET(mmaptk_touch_result, major_faults, 8);
MMAPTK_ASSERT_OFFSET(mmaptk_touch_result, elapsed_ns, 16);
MMAPTK_ASSERT_OFFSET(mmaptk_touch_result, byte_sum, 24);
MMAPTK_ASSERT_OFFSET(mmaptk_touch_result, completed, 32);
MMAPTK_ASSERT_OFFSET(mmaptk_touch_result, fault_address, 40);
MMAPTK_ASSERT_OFFSET(mmaptk_touch_result, signal, 48);
MMAPTK_ASSERT_OFFSET(mmaptk_touch_result, si_code, 52);
MMAPTK_ASSERT_OFFSET(mmaptk_touch_result, error, 56);
MMAPTK_ASSERT_OFFSET(mmaptk_touch_result, reserved, 60);

/* Where the loop is: written before each access, so a handler that jumps out knows which access faulted. */
typedef struct mmaptk_touch_progress {
    volatile uint64_t index;
    volatile uint64_t sum;
} mmaptk_touch_progress;

typedef struct mmaptk_touch_window {
    struct rusage before, after;
    int64_t t0;
    int error;
    mmaptk_touch_progress at;
} mmaptk_touch_window;

/* Warm-up (the loop, getrusage and the clock run once on a scratch byte, so their code, data and stack pages
 * are mapped and written before measuring: after fork each of those would otherwise be a fault of its own),
 * then the "before" snapshot. Async-signal-safe. */
void mmaptk_touch_begin(mmaptk_touch_window *w);

/* The accesses themselves. Never inlined: the warm-up must run exactly this code. */
void mmaptk_touch_loop(const uint64_t *addresses, uint64_t count, int write, unsigned char value,
                       mmaptk_touch_progress *at);

/* The "after" snapshot; fills everything in *out except signal, si_code and fault_address. */
void mmaptk_touch_end(mmaptk_touch_window *w, mmaptk_touch_result *out);

/* The calling thread touches `count` addresses (write != 0: store `value`; else load), measured. No fault is
 * caught: every address must be accessible. 0, or -EINVAL for bad arguments. */
int mmaptk_touch(const uint64_t *addresses, uint64_t count, int32_t write, uint32_t value, mmaptk_touch_result *out);

/* toupper.c: upper-cases [address, address + length) in place, measured like a touch loop. 0 or -errno. */
int mmaptk_toupper(void *address, uint64_t length, mmaptk_touch_result *out);

/* cost_loops.c: memset over [address, address + length), and read() of a whole file into a resident buffer,
 * measured like a touch loop. 0 or -errno. */
int mmaptk_cost_memset(void *address, uint64_t length, int32_t value, mmaptk_touch_result *out);
int mmaptk_cost_read_all(int32_t fd, void *buffer, uint64_t length, mmaptk_touch_result *out);

#endif
