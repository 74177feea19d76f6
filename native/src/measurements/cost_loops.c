/*
 * cost_loops.c: timing loops for `mmaptk cost` that must run without managed code in the measured window, measured
 * exactly like a touch loop (touch.h: RUSAGE_THREAD faults and CLOCK_MONOTONIC time around the work only).
 *   mmaptk_cost_memset    eager zeroing: memset over a range (on a fresh mapping this also takes its faults)
 *   mmaptk_cost_read_all  read() a whole file into a resident buffer (a loader that reads all of the text)
 */
#include "touch.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

int mmaptk_cost_memset(void *address, uint64_t length, int32_t value, mmaptk_touch_result *out)
{
    if (!out || !address || length == 0) return -EINVAL;
    memset(out, 0, sizeof *out);
    mmaptk_touch_window w;
    mmaptk_touch_begin(&w);
    memset(address, value, (size_t)length);
    /* Keep the compiler from treating the stores as dead: the caller may never read them. */
    __asm__ volatile("" : : "r"(address) : "memory");
    w.at.index = length;
    mmaptk_touch_end(&w, out);
    return 0;
}

/* Reads the file from offset 0 to end of file into buffer (which must hold it: length bytes), with pread in
 * chunks of at most 1 MiB. The buffer is written once before measuring, so its own faults are not counted.
 * out->completed is the number of bytes read. 0, -EFBIG if the file is longer than the buffer, or -errno. */
int mmaptk_cost_read_all(int32_t fd, void *buffer, uint64_t length, mmaptk_touch_result *out)
{
    if (!out || !buffer || length == 0 || fd < 0) return -EINVAL;
    memset(out, 0, sizeof *out);
    memset(buffer, 0, (size_t)length);
    const uint64_t chunk = 1u << 20;
    uint64_t done = 0;
    int error = 0;
    mmaptk_touch_window w;
    mmaptk_touch_begin(&w);
    for (;;) {
        uint64_t want = length - done < chunk ? length - done : chunk;
        if (want == 0) {
            char probe;
            ssize_t extra = pread(fd, &probe, 1, (off_t)done);
            if (extra > 0) error = EFBIG;
            else if (extra < 0 && errno != EINTR) error = errno;
            if (extra < 0 && errno == EINTR) continue;
            break;
        }
        ssize_t got = pread(fd, (char *)buffer + done, (size_t)want, (off_t)done);
        if (got < 0) {
            if (errno == EINTR) continue;
            error = errno;
            break;
        }
        if (got == 0) break;
        done += (uint64_t)got;
    }
    w.at.index = done;
    mmaptk_touch_end(&w, out);
    return error ? -error : 0;
}
