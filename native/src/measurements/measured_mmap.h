/* measured_mmap.c: mmap(2) with the minor and major faults the call itself took (RUSAGE_THREAD). */
#ifndef MMAPTK_MEASURED_MMAP_H
#define MMAPTK_MEASURED_MMAP_H

#include <stdint.h>
#include <sys/types.h>

/* mmap's result (MAP_FAILED with errno set on failure); the fault counts are stored either way. */
void *mmaptk_mmap_measured(void *addr, size_t length, int prot, int flags, int fd, off_t offset,
                           int64_t *minor_faults, int64_t *major_faults);

#endif
