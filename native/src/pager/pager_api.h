/*
 * The user-level pager's exported calls (libmmaptk.so), as managed code binds them in
 * src/MmapToolkit/Interop/NativeLib.Pager.cs. Every file that defines or calls one includes this header; pager.h
 * holds what is internal to the pager. Return values: 0 or a negative errno unless said otherwise.
 */
#ifndef MMAPTK_PAGER_API_H
#define MMAPTK_PAGER_API_H

#include <stddef.h>
#include <stdint.h>

#include "layout_assert.h"

/* Replacement policies; the numbers are part of the managed ABI (PagerPolicy). */
enum { PAGER_FIFO = 0, PAGER_CLOCK = 1, PAGER_LRU = 2, PAGER_RANDOM = 3, PAGER_OPT = 4, PAGER_WSCLOCK = 5 };

/* Backends (managed: PagerBackend). SIGSEGV: frames of a memfd mapped at the page with mmap(MAP_FIXED).
 * UFFD: one anonymous VMA registered with userfaultfd (SIGBUS mode), pages installed with UFFDIO_COPY. */
enum { PAGER_BACKEND_SIGSEGV = 0, PAGER_BACKEND_UFFD = 1 };

/* How the UFFD backend got its descriptor (mmaptk_pager_uffd_how); same numbers as the kernel profile's probe. */
enum { PAGER_UFFD_NONE = 0, PAGER_UFFD_SYSCALL = 1, PAGER_UFFD_USER_MODE_ONLY = 2, PAGER_UFFD_DEVICE = 3 };

/* Region protection bits (same values as PROT_READ/PROT_WRITE/PROT_EXEC). */
enum { PAGER_READ = 1, PAGER_WRITE = 2, PAGER_EXEC = 4 };

/* Fault causes recorded in events; part of the managed ABI (PagerFaultCause). */
enum {
    CAUSE_ZERO_FILL = 1,  /* miss on a page with no contents yet: frame zeroed */
    CAUSE_FILE_READ = 2,  /* miss on a file-backed page: frame read from the backing file */
    CAUSE_SWAP_IN = 3,    /* miss on a page with a swap copy: frame read from the swap file */
    CAUSE_REFERENCE = 4,  /* resident page made inaccessible to emulate a reference bit (CLOCK) or recency (LRU) */
    CAUSE_DIRTY = 5,      /* first store to a resident page mapped read-only: marked dirty, made writable */
};

/* Size of the err buffers the managed side passes (NativeLib.PagerErrorLength). */
#define PAGER_ERR_LEN 512

/* Creation parameters (managed: NativeLib.PagerConfig). */
typedef struct {
    int64_t pages;          /* virtual pages in the region */
    int32_t frames;         /* frames in the pool */
    int32_t policy;         /* PAGER_FIFO.. */
    int32_t prot;           /* PAGER_READ|PAGER_WRITE|PAGER_EXEC */
    int32_t backend;        /* PAGER_BACKEND_SIGSEGV or PAGER_BACKEND_UFFD */
    int64_t file_offset;    /* page-aligned offset of page 0 in the backing file */
    int64_t swap_slots;     /* capacity of the swap file in pages (0 = one slot per page) */
    uint64_t seed;          /* Random policy: SplitMix64 seed */
    const char *file_path;  /* backing file or NULL (demand-zero pages) */
    const char *swap_path;  /* swap file to create (and unlink at once), or NULL (then no dirty page may be evicted) */
    const char *pool_name;  /* memfd name, visible in /proc/self/fd and /proc/self/maps */
    int64_t tau;            /* PAGER_WSCLOCK: the working-set window in units of the region's virtual time (>= 1) */
} mmaptk_pager_config;

MMAPTK_ASSERT_SIZE(mmaptk_pager_config, 80);
MMAPTK_ASSERT_OFFSET(mmaptk_pager_config, pages, 0);
MMAPTK_ASSERT_OFFSET(mmaptk_pager_config, frames, 8);
MMAPTK_ASSERT_OFFSET(mmaptk_pager_config, policy, 12);
MMAPTK_ASSERT_OFFSET(mmaptk_pager_config, prot, 16);
MMAPTK_ASSERT_OFFSET(mmaptk_pager_config, backend, 20);
MMAPTK_ASSERT_OFFSET(mmaptk_pager_config, file_offset, 24);
MMAPTK_ASSERT_OFFSET(mmaptk_pager_config, swap_slots, 32);
MMAPTK_ASSERT_OFFSET(mmaptk_pager_config, seed, 40);
MMAPTK_ASSERT_OFFSET(mmaptk_pager_config, file_path, 48);
MMAPTK_ASSERT_OFFSET(mmaptk_pager_config, swap_path, 56);
MMAPTK_ASSERT_OFFSET(mmaptk_pager_config, pool_name, 64);
MMAPTK_ASSERT_OFFSET(mmaptk_pager_config, tau, 72);

/* Counters, snapshotted under the region lock (managed: NativeLib.PagerStats, then PagerStatistics). */
typedef struct {
    uint64_t zero_fills, file_reads, swap_ins, reference_faults, dirty_faults, spurious_faults;
    uint64_t evictions, swap_outs, clean_drops, bytes_read, bytes_written, resident_pages, events;
    uint64_t evictions_in_working_set; /* WSClock: victims taken while every page was in the working set */
} mmaptk_pager_stats;

MMAPTK_ASSERT_SIZE(mmaptk_pager_stats, 112);
MMAPTK_ASSERT_OFFSET(mmaptk_pager_stats, zero_fills, 0);
MMAPTK_ASSERT_OFFSET(mmaptk_pager_stats, file_reads, 8);
MMAPTK_ASSERT_OFFSET(mmaptk_pager_stats, swap_ins, 16);
MMAPTK_ASSERT_OFFSET(mmaptk_pager_stats, reference_faults, 24);
MMAPTK_ASSERT_OFFSET(mmaptk_pager_stats, dirty_faults, 32);
MMAPTK_ASSERT_OFFSET(mmaptk_pager_stats, spurious_faults, 40);
MMAPTK_ASSERT_OFFSET(mmaptk_pager_stats, evictions, 48);
MMAPTK_ASSERT_OFFSET(mmaptk_pager_stats, swap_outs, 56);
MMAPTK_ASSERT_OFFSET(mmaptk_pager_stats, clean_drops, 64);
MMAPTK_ASSERT_OFFSET(mmaptk_pager_stats, bytes_read, 72);
MMAPTK_ASSERT_OFFSET(mmaptk_pager_stats, bytes_written, 80);
MMAPTK_ASSERT_OFFSET(mmaptk_pager_stats, resident_pages, 88);
MMAPTK_ASSERT_OFFSET(mmaptk_pager_stats, events, 96);
MMAPTK_ASSERT_OFFSET(mmaptk_pager_stats, evictions_in_working_set, 104);

/* One handled fault (managed: NativeLib.PagerEventRecord, then PagerEvent). */
typedef struct {
    uint64_t seq;           /* 1, 2, 3, ... per region; 0 marks a slot being written */
    int64_t page;
    int64_t victim;         /* page evicted to make room, or -1 */
    int32_t frame;
    uint8_t cause;
    uint8_t write;
    uint8_t victim_dirty;   /* the victim was written to the swap file */
    uint8_t reserved;
} mmaptk_pager_event;

MMAPTK_ASSERT_SIZE(mmaptk_pager_event, 32);
MMAPTK_ASSERT_OFFSET(mmaptk_pager_event, seq, 0);
MMAPTK_ASSERT_OFFSET(mmaptk_pager_event, page, 8);
MMAPTK_ASSERT_OFFSET(mmaptk_pager_event, victim, 16);
MMAPTK_ASSERT_OFFSET(mmaptk_pager_event, frame, 24);
MMAPTK_ASSERT_OFFSET(mmaptk_pager_event, cause, 28);
MMAPTK_ASSERT_OFFSET(mmaptk_pager_event, write, 29);
MMAPTK_ASSERT_OFFSET(mmaptk_pager_event, victim_dirty, 30);
MMAPTK_ASSERT_OFFSET(mmaptk_pager_event, reserved, 31);

/* pager_region.c: regions. */

/* Creates a region; returns 0 and its id and base address, or a negative errno and a message in err. */
int mmaptk_pager_create(const mmaptk_pager_config *cfg, int *out_id, void **out_base, char *err, int errlen);
/* Unmaps everything and closes the pool and the files; the last region takes the handler away. */
int mmaptk_pager_destroy(int id);
int mmaptk_pager_stats_get(int id, mmaptk_pager_stats *out);
/* OPT: the whole trace (page numbers), then the position of each reference just before it is made. */
int mmaptk_pager_set_trace(int id, const int64_t *pages, int64_t n);
int mmaptk_pager_set_position(int id, int64_t pos);
/* WSClock: the address of the region's virtual time, a counter the program advances (the replay: to reference
 * number i + 1 just before making reference i) and the handler reads; NULL for an unknown id. Valid until destroy. */
int64_t *mmaptk_pager_virtual_time(int id);
/* The frame holding a page, or -1; the page in a frame, or -1 (free). */
int32_t mmaptk_pager_frame_of(int id, int64_t page);
int64_t mmaptk_pager_page_in(int id, int32_t frame);
/* UFFD backend: how its userfaultfd was opened (PAGER_UFFD_*); PAGER_UFFD_NONE for the SIGSEGV backend; -EINVAL. */
int mmaptk_pager_uffd_how(int id);

/* pager_log.c: copies events numbered from `from` on (at most max) into out; returns how many, or -errno. *next is
 * where to continue (past events overwritten before they were read). */
int mmaptk_pager_read_events(int id, uint64_t from, mmaptk_pager_event *out, int max, uint64_t *next);

/* pager_probe.c: helpers for tests and the crash probe. */
int mmaptk_pager_handler_installed(void);             /* 1 if the pager's handler is the SIGSEGV handler now */
uintptr_t mmaptk_pager_segv_handler_address(void);    /* the current SIGSEGV handler, whatever it is */
int mmaptk_pager_native_read(const void *addr);       /* one load from native code */
void mmaptk_pager_native_fill(void *addr, size_t len, uint8_t value);
uint64_t mmaptk_pager_native_sum(const void *addr, size_t len);
int mmaptk_pager_disable_core_dumps(void);
void mmaptk_pager_native_call(void *addr);            /* jumps to addr as if it were a function */
int mmaptk_pager_ignore_fault_signals(void);          /* SIGSEGV and SIGBUS to SIG_IGN */

/* pager_uffd_probe.c: for tests, a UFFD region in a forked child (managed: NativeLib.PagerUffdChildResult). */
typedef struct {
    int32_t rc;             /* mmaptk_pager_create's return value in the child */
    int32_t how;            /* PAGER_UFFD_* the region got */
    int32_t euid;           /* the child's effective uid when it created the region */
    int32_t setup_errno;    /* why the child could not drop privileges or install its filter, or 0 */
    int64_t faults, evictions, swap_outs, swap_ins;
    int64_t intact;         /* 1 when every page read back what was last stored to it */
    char err[PAGER_ERR_LEN];
} mmaptk_pager_uffd_child_result;

MMAPTK_ASSERT_SIZE(mmaptk_pager_uffd_child_result, 56 + PAGER_ERR_LEN);
MMAPTK_ASSERT_OFFSET(mmaptk_pager_uffd_child_result, faults, 16);
MMAPTK_ASSERT_OFFSET(mmaptk_pager_uffd_child_result, intact, 48);
MMAPTK_ASSERT_OFFSET(mmaptk_pager_uffd_child_result, err, 56);

/* Forks; the child optionally drops to uid/gid `uid` (-1: stays) and optionally installs a seccomp filter refusing
 * userfaultfd(2) and the /dev/userfaultfd ioctl with EPERM (as Docker's default profile does), then creates a UFFD
 * region of `pages` pages and `frames` frames under `policy`, replays the trace (a store where writes[i]) and reports.
 * The parent waits at most 20 s, then kills it. 0 with *out filled, or -errno. */
int mmaptk_pager_uffd_in_child(int uid, int seccomp, int64_t pages, int32_t frames, int32_t policy, const int64_t *trace,
                               const uint8_t *writes, int32_t n, const char *swap_path, mmaptk_pager_uffd_child_result *out);

/* pager_cost.c: nanoseconds per fault over `pages` fresh pages, `reps` repetitions (ns_per_fault[reps]). */
int mmaptk_pager_cost_kernel_zero(int64_t pages, int reps, double *ns_per_fault);
int mmaptk_pager_cost_sigsegv_mprotect(int64_t pages, int reps, int fill, double *ns_per_fault);
int mmaptk_pager_cost_pager_fault(int backend, int scattered, int64_t pages, int reps, double *ns_per_fault, char *err,
                                  int errlen);
int mmaptk_pager_cost_pager_swap(int backend, int64_t frames, int reps, const char *swap_path, double *ns_per_fault,
                                 char *err, int errlen);
int mmaptk_pager_cost_pager_swap_in(int backend, int64_t pages, int reps, const char *swap_path, double *ns_per_fault,
                                    char *err, int errlen);

/* pager_cost_uffd.c: the same with userfaultfd; 1 when userfaultfd is not available here (the reason in err). */
int mmaptk_pager_cost_uffd_sigbus(int64_t pages, int reps, int fill, double *ns_per_fault, int64_t *kernel_faults,
                                  char *err, int errlen);
int mmaptk_pager_cost_uffd_thread(int64_t pages, int reps, double *ns_per_fault, int64_t *kernel_faults, char *err,
                                  int errlen);

#endif
