/*
 * The C library's structs that managed code binds directly (src/MmapToolkit/Interop/Libc.*.cs), pinned to the layout
 * the C# mirrors assume: the build fails on a system where they differ. No code: these are checks only.
 */
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>

#include "layout_assert.h"

/* getrusage (Libc.Resource.cs: TimeVal, Rusage), 64-bit Linux. */
MMAPTK_ASSERT_SIZE(struct timeval, 16);
MMAPTK_ASSERT_OFFSET(struct timeval, tv_sec, 0);
MMAPTK_ASSERT_OFFSET(struct timeval, tv_usec, 8);
MMAPTK_ASSERT_SIZE(struct rusage, 144);
MMAPTK_ASSERT_OFFSET(struct rusage, ru_utime, 0);
MMAPTK_ASSERT_OFFSET(struct rusage, ru_stime, 16);
MMAPTK_ASSERT_OFFSET(struct rusage, ru_maxrss, 32);
MMAPTK_ASSERT_OFFSET(struct rusage, ru_ixrss, 40);
MMAPTK_ASSERT_OFFSET(struct rusage, ru_idrss, 48);
MMAPTK_ASSERT_OFFSET(struct rusage, ru_isrss, 56);
MMAPTK_ASSERT_OFFSET(struct rusage, ru_minflt, 64);
MMAPTK_ASSERT_OFFSET(struct rusage, ru_majflt, 72);
MMAPTK_ASSERT_OFFSET(struct rusage, ru_nswap, 80);
MMAPTK_ASSERT_OFFSET(struct rusage, ru_inblock, 88);
MMAPTK_ASSERT_OFFSET(struct rusage, ru_oublock, 96);
MMAPTK_ASSERT_OFFSET(struct rusage, ru_msgsnd, 104);
MMAPTK_ASSERT_OFFSET(struct rusage, ru_msgrcv, 112);
MMAPTK_ASSERT_OFFSET(struct rusage, ru_nsignals, 120);
MMAPTK_ASSERT_OFFSET(struct rusage, ru_nvcsw, 128);
MMAPTK_ASSERT_OFFSET(struct rusage, ru_nivcsw, 136);

/* statx (Libc.Stat.cs: StatxHead mirrors the fields up to stx_size; the kernel writes all 256 bytes). */
MMAPTK_ASSERT_SIZE(struct statx, 256);
MMAPTK_ASSERT_OFFSET(struct statx, stx_mask, 0);
MMAPTK_ASSERT_OFFSET(struct statx, stx_blksize, 4);
MMAPTK_ASSERT_OFFSET(struct statx, stx_attributes, 8);
MMAPTK_ASSERT_OFFSET(struct statx, stx_nlink, 16);
MMAPTK_ASSERT_OFFSET(struct statx, stx_uid, 20);
MMAPTK_ASSERT_OFFSET(struct statx, stx_gid, 24);
MMAPTK_ASSERT_OFFSET(struct statx, stx_mode, 28);
MMAPTK_ASSERT_OFFSET(struct statx, __spare0, 30);
MMAPTK_ASSERT_OFFSET(struct statx, stx_ino, 32);
MMAPTK_ASSERT_OFFSET(struct statx, stx_size, 40);
