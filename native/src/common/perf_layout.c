/*
 * The C structs the fault recorder binds: struct perf_event_attr and the ring buffer's control page (Libc.PerfEvent.cs),
 * struct pollfd (Libc.Poll.cs), as their C# mirrors in src/MmapToolkit/Interop assume them: the build fails on headers
 * where they differ. Checks only.
 * The flag bits inside the attr's bitfield word cannot be checked at compile time; PerfEventConstantsTests does that.
 */
#include <linux/perf_event.h>

#include "layout_assert.h"

MMAPTK_ASSERT_SIZE(struct perf_event_attr, 128);   /* PERF_ATTR_SIZE_VER7: sig_data last */
MMAPTK_ASSERT_OFFSET(struct perf_event_attr, type, 0);
MMAPTK_ASSERT_OFFSET(struct perf_event_attr, size, 4);
MMAPTK_ASSERT_OFFSET(struct perf_event_attr, config, 8);
MMAPTK_ASSERT_OFFSET(struct perf_event_attr, sample_period, 16);
MMAPTK_ASSERT_OFFSET(struct perf_event_attr, sample_type, 24);
MMAPTK_ASSERT_OFFSET(struct perf_event_attr, read_format, 32);
MMAPTK_ASSERT_OFFSET(struct perf_event_attr, wakeup_events, 48);
MMAPTK_ASSERT_OFFSET(struct perf_event_attr, bp_type, 52);
MMAPTK_ASSERT_OFFSET(struct perf_event_attr, config1, 56);
MMAPTK_ASSERT_OFFSET(struct perf_event_attr, config2, 64);
MMAPTK_ASSERT_OFFSET(struct perf_event_attr, branch_sample_type, 72);
MMAPTK_ASSERT_OFFSET(struct perf_event_attr, sample_regs_user, 80);
MMAPTK_ASSERT_OFFSET(struct perf_event_attr, sample_stack_user, 88);
MMAPTK_ASSERT_OFFSET(struct perf_event_attr, clockid, 92);
MMAPTK_ASSERT_OFFSET(struct perf_event_attr, sample_regs_intr, 96);
MMAPTK_ASSERT_OFFSET(struct perf_event_attr, aux_watermark, 104);
MMAPTK_ASSERT_OFFSET(struct perf_event_attr, sample_max_stack, 108);
MMAPTK_ASSERT_OFFSET(struct perf_event_attr, __reserved_2, 110);
MMAPTK_ASSERT_OFFSET(struct perf_event_attr, aux_sample_size, 112);
MMAPTK_ASSERT_OFFSET(struct perf_event_attr, __reserved_3, 116);
MMAPTK_ASSERT_OFFSET(struct perf_event_attr, sig_data, 120);

MMAPTK_ASSERT_OFFSET(struct perf_event_mmap_page, data_head, 1024);
MMAPTK_ASSERT_OFFSET(struct perf_event_mmap_page, data_tail, 1032);
MMAPTK_ASSERT_OFFSET(struct perf_event_mmap_page, data_offset, 1040);
MMAPTK_ASSERT_OFFSET(struct perf_event_mmap_page, data_size, 1048);

/* poll, for the recorder's drain thread (Libc.Poll.cs: PollFd). */
#include <poll.h>
MMAPTK_ASSERT_SIZE(struct pollfd, 8);
MMAPTK_ASSERT_OFFSET(struct pollfd, fd, 0);
MMAPTK_ASSERT_OFFSET(struct pollfd, events, 4);
MMAPTK_ASSERT_OFFSET(struct pollfd, revents, 6);
