/*
 * The user-level pager: a SIGSEGV handler acting as the application's page-fault handler.
 *
 * A region of P virtual pages starts inaccessible. "Physical memory" is a pool of F frames in one memfd; a resident
 * page is its frame mapped at the page's address (MAP_FIXED|MAP_SHARED), so any frame can appear at any address.
 * Frames are filled and written back through a second, private view of the whole memfd (Appel and Li's MAP2), so a
 * page is never visible half-filled. The UFFD backend (pager_uffd.c) keeps the same tables and policies but no pool:
 * the region is one anonymous VMA registered with userfaultfd in SIGBUS mode, a page is filled in a bounce buffer and
 * installed with UFFDIO_COPY, and "frames" are slots the pager counts. Everything reachable from the handler is
 * async-signal-safe: raw syscalls, memset/memcpy, C11 atomics; no malloc, no stdio, no pthread locks.
 *
 * Files: pager_region.c (create/destroy, region table, VMA budget), pager_fault.c (the handler and fault path),
 * pager_policy.c (victim choice), pager_wsclock.c (WSClock's sweep), pager_swap.c (fill, eviction, swap file), pager_uffd.c (the userfaultfd backend),
 * pager_log.c (events, statistics, fatal messages), pager_cost.c (timing loops), pager_probe.c (helpers for tests and the crash probe).
 * pager_api.h declares the exported calls and the structs managed code mirrors; this header is the pager's inside.
 */
#ifndef MMAPTK_PAGER_H
#define MMAPTK_PAGER_H

#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "pager_api.h"

#define PAGER_MAX_REGIONS 16
#define PAGER_RING_CAPACITY 4096
/* Frames are populated memory and up to two kernel VMAs each (docs/pager.md "Limits"). Pages cost address space
 * only, so their limit is what mmap accepts. */
#define PAGER_MAX_FRAMES (1 << 20)

/* Per virtual page: the notes' vpageinfo_t. All zero bytes = never touched, so the table is a MAP_NORESERVE
 * mapping that is never pre-written: an untouched page's entry costs nothing (the kernel supplies zeroes). */
typedef struct {
    int64_t slot_plus1;     /* swap slot + 1; 0: no swap copy */
    int32_t frame_plus1;    /* frame + 1; 0: not resident */
    uint8_t mapped;         /* protection the user's view has now: 0, PROT_READ or PROT_READ|PROT_WRITE (+EXEC) */
    uint8_t dirty;          /* written since loaded */
    uint8_t pad[2];
} vpage_t;

static inline int32_t vp_frame(const vpage_t *v) { return v->frame_plus1 - 1; }           /* -1: not resident */
static inline void vp_set_frame(vpage_t *v, int32_t frame) { v->frame_plus1 = frame + 1; }
static inline int64_t vp_slot(const vpage_t *v) { return v->slot_plus1 - 1; }            /* -1: no swap copy */
static inline void vp_set_slot(vpage_t *v, int64_t slot) { v->slot_plus1 = slot + 1; }

typedef struct {
    int64_t page;           /* -1: free */
    int32_t lru_prev, lru_next;
    uint8_t ref;            /* CLOCK and WSClock reference bit */
    uint8_t pad[7];
    int64_t last_use;       /* WSClock: virtual time of the load, or of the sweep that last found ref set */
} frame_t;

typedef struct {
    _Atomic int lock;
    _Atomic int active;
    _Atomic uintptr_t base;  /* read without the lock by the handler's region lookup */
    _Atomic size_t len;
    size_t ps;
    int64_t pages;
    int32_t frames;
    int policy, prot;
    int id;
    int memfd, file_fd, swap_fd;
    uint8_t *map2;
    int64_t file_pages, file_size, file_offset;
    int64_t swap_slots, next_slot;
    vpage_t *vp;
    frame_t *fr;
    int32_t frames_used, hand, lru_head, lru_tail;
    int64_t current_page;    /* LRU: the one resident page left accessible */
    uint64_t rng;
    int64_t *trace, *next_use, trace_len;  /* OPT */
    int64_t *page_next;      /* OPT, per page: position of its next use + 1, 0 = never again (NORESERVE, like vp) */
    int64_t vma_budget;
    /* WSClock (pager_wsclock.c): the window, and the program's virtual time (written by the program, read here). */
    int64_t tau;
    _Atomic int64_t vtime;
    /* UFFD backend (pager_uffd.c): no memfd, no MAP2; frames are a count. */
    int backend, uffd, uffd_how;
    uint8_t *bounce;         /* one page: a fill lands here, then one UFFDIO_COPY installs it (under the lock) */
    uint8_t *stash;          /* CLOCK/LRU/WSClock: F pages holding the contents of resident pages dropped to emulate a
                              * cleared reference bit (mapped == 0), indexed by frame */
    mmaptk_pager_stats stats;
    mmaptk_pager_event *ring;
    _Atomic uint64_t head;   /* last published event sequence number */
} pager_region_t;

/* pager_region.c */
extern pager_region_t pager_regions[PAGER_MAX_REGIONS];
pager_region_t *pager_find_region(uintptr_t addr);
void pager_lock(pager_region_t *r);
void pager_unlock(pager_region_t *r);
int pager_install_handler(char *err, int errlen);
int pager_remove_handler(void);
void pager_table_lock(void);
void pager_table_unlock(void);

/* The action that puts handler in front of prev (the action read just before): prev's own sa_mask, never an empty or
 * a full one. The .NET runtime's SIGSEGV action blocks its thread-suspension signal (SIGRTMIN): a suspension request
 * must never interrupt a handler running on the thread's 16 KiB alternate stack, ours or the runtime's when we chain
 * to it (docs/design.md rule 2). SA_ONSTACK when asked for, or when prev had it, so a chained handler runs on the
 * stack it was installed for. */
static inline void pager_chained_action(struct sigaction *sa, const struct sigaction *prev,
                                        void (*handler)(int, siginfo_t *, void *), int onstack)
{
    __builtin_memset(sa, 0, sizeof *sa);
    sa->sa_sigaction = handler;
    sa->sa_mask = prev->sa_mask;
    sa->sa_flags = SA_SIGINFO | SA_RESTART | ((onstack || (prev->sa_flags & SA_ONSTACK)) ? SA_ONSTACK : 0);
}

/* pager_fault.c */
void pager_signal_handler(int sig, siginfo_t *si, void *ctx);
extern struct sigaction pager_prev_segv, pager_prev_bus;

/* pager_policy.c */
int32_t pager_policy_victim(pager_region_t *r);
void pager_policy_loaded(pager_region_t *r, int32_t frame);
void pager_policy_referenced(pager_region_t *r, int32_t frame);
void pager_policy_evicted(pager_region_t *r, int32_t frame);
uint64_t pager_splitmix64(uint64_t *state);

/* pager_wsclock.c */
int32_t pager_wsclock_victim(pager_region_t *r);

/* pager_swap.c */
int pager_fill(pager_region_t *r, int64_t page, uint8_t *dst);
void pager_evict(pager_region_t *r, int32_t frame, int *was_dirty);
void pager_write_back(pager_region_t *r, int32_t frame);
void pager_set_access(pager_region_t *r, int64_t page, int prot);
void *pager_page_addr(const pager_region_t *r, int64_t page);

/* pager_uffd.c: the userfaultfd backend's half of region creation and of the fault path. */
int pager_uffd_setup(pager_region_t *r, size_t len, char *err, int errlen);
void pager_uffd_release(pager_region_t *r);
void pager_uffd_install(pager_region_t *r, int64_t page, const uint8_t *src, int prot);
void pager_uffd_set_access(pager_region_t *r, int64_t page, int prot);
const uint8_t *pager_uffd_take_out(pager_region_t *r, int64_t page, int32_t frame);
void pager_uffd_drop(pager_region_t *r, int64_t page);

/* pager_log.c */
void pager_log_event(pager_region_t *r, int64_t page, int64_t victim, int32_t frame, int cause, int write, int victim_dirty);
__attribute__((noreturn)) void pager_die(const pager_region_t *r, int64_t page, const char *why, int err);
void pager_fmt(char *buf, size_t cap, size_t *len, const char *s);
void pager_fmt_i64(char *buf, size_t cap, size_t *len, int64_t v);

#endif
