/*
 * mmap measured: the page faults the mmap call itself takes (MAP_POPULATE faults every page in through the
 * kernel's own fault path, and Linux counts those faults against the calling thread). Measured here, around the
 * system call alone, so that no managed code between the two getrusage calls can add a fault of its own.
 */
#include "measured_mmap.h"

#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>

void *mmaptk_mmap_measured(void *addr, size_t length, int prot, int flags, int fd, off_t offset,
                           int64_t *minor_faults, int64_t *major_faults)
{
    struct rusage before, after;
    getrusage(RUSAGE_THREAD, &before);
    void *result = mmap(addr, length, prot, flags, fd, offset);
    int saved = errno;
    getrusage(RUSAGE_THREAD, &after);
    *minor_faults = after.ru_minflt - before.ru_minflt;
    *major_faults = after.ru_majflt - before.ru_majflt;
    errno = saved;
    return result;
}
