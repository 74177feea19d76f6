/* touch.c: see touch.h. */
#include "touch.h"
#include "proc_util.h"

#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static void thread_usage(struct rusage *ru, int *error)
{
    if (syscall(SYS_getrusage, RUSAGE_THREAD, ru) != 0) *error = errno;
}

__attribute__((noinline)) void mmaptk_touch_loop(const uint64_t *addresses, uint64_t count, int write,
                                                 unsigned char value, mmaptk_touch_progress *at)
{
    uint64_t sum = 0;
    for (uint64_t i = 0; i < count; i++) {
        at->index = i;
        volatile unsigned char *p = (volatile unsigned char *)(uintptr_t)addresses[i];
        if (write) *p = value;
        else {
            sum += *p;
            at->sum = sum;
        }
    }
    at->index = count;
}

void mmaptk_touch_begin(mmaptk_touch_window *w)
{
    /* The scratch byte and its address live in this frame, as deep as the measured loop's frame will be. */
    volatile unsigned char scratch = 0;
    uint64_t scratch_address = (uint64_t)(uintptr_t)&scratch;
    int ignored = 0;

    memset(w, 0, sizeof *w);
    thread_usage(&w->after, &ignored);
    thread_usage(&w->before, &ignored);
    (void)mmaptk_now_ns(&ignored);
    mmaptk_touch_loop(&scratch_address, 1, 0, 0, &w->at);
    mmaptk_touch_loop(&scratch_address, 1, 1, 0, &w->at);
    w->at.index = 0;
    w->at.sum = 0;

    thread_usage(&w->before, &w->error);
    w->t0 = mmaptk_now_ns(&w->error);
}

void mmaptk_touch_end(mmaptk_touch_window *w, mmaptk_touch_result *out)
{
    int64_t t1 = mmaptk_now_ns(&w->error);
    thread_usage(&w->after, &w->error);

    out->minor_faults = w->after.ru_minflt - w->before.ru_minflt;
    out->major_faults = w->after.ru_majflt - w->before.ru_majflt;
    out->elapsed_ns = t1 - w->t0;
    out->byte_sum = w->at.sum;
    out->completed = w->at.index;
    out->error = w->error;
}

int mmaptk_touch(const uint64_t *addresses, uint64_t count, int32_t write, uint32_t value, mmaptk_touch_result *out)
{
    if (!out || (count > 0 && !addresses)) return -EINVAL;
    memset(out, 0, sizeof *out);
    mmaptk_touch_window w;
    mmaptk_touch_begin(&w);
    mmaptk_touch_loop(addresses, count, write != 0, (unsigned char)value, &w.at);
    mmaptk_touch_end(&w, out);
    return 0;
}
