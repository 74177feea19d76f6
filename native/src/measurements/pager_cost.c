/*
 * Timing loops for `mmaptk pager cost`: what one fault costs when the kernel resolves it (demand-zero), when a bare
 * SIGSEGV handler resolves it with mprotect (the floor for any user-level pager), and when the pager resolves it.
 * Each function runs `reps` repetitions over `pages` fresh pages and stores nanoseconds per fault for each.
 */
#include "pager_api.h"
#include "pager.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void touch_pages(volatile uint8_t *p, int64_t pages, size_t ps, int write)
{
    for (int64_t i = 0; i < pages; i++) {
        if (write) p[(size_t)i * ps] = 1;
        else (void)p[(size_t)i * ps];
    }
}

/* The kernel's own first-touch fault on private anonymous memory (no THP: one fault per page, zeroing included). */
int mmaptk_pager_cost_kernel_zero(int64_t pages, int reps, double *ns_per_fault)
{
    size_t ps = (size_t)sysconf(_SC_PAGESIZE);
    for (int rep = 0; rep < reps; rep++) {
        uint8_t *p = mmap(NULL, (size_t)pages * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) return -errno;
        madvise(p, (size_t)pages * ps, MADV_NOHUGEPAGE);
        double t0 = now_ns();
        touch_pages(p, pages, ps, 1);
        ns_per_fault[rep] = (now_ns() - t0) / (double)pages;
        munmap(p, (size_t)pages * ps);
    }
    return 0;
}

static uint8_t *bare_base;
static size_t bare_len, bare_ps;
static int bare_fill;
static struct sigaction bare_prev;

static void bare_handler(int sig, siginfo_t *si, void *ctx)
{
    uintptr_t a = (uintptr_t)si->si_addr;
    if (si->si_code > 0 && a >= (uintptr_t)bare_base && a - (uintptr_t)bare_base < bare_len) {
        uint8_t *page = (uint8_t *)(a & ~(uintptr_t)(bare_ps - 1));
        int saved = errno;
        mprotect(page, bare_ps, PROT_READ | PROT_WRITE);
        if (bare_fill) memset(page, 0, bare_ps);
        errno = saved;
        return;
    }
    if (bare_prev.sa_flags & SA_SIGINFO) bare_prev.sa_sigaction(sig, si, ctx);
    else if (bare_prev.sa_handler == SIG_DFL) sigaction(sig, &bare_prev, NULL);
    else if (bare_prev.sa_handler != SIG_IGN) bare_prev.sa_handler(sig);
}

/* The reference round trip: SIGSEGV -> handler -> mprotect(READ|WRITE) [-> 4 KiB memset] -> return. The memory is
 * populated first, so the kernel's part is only the protection fault, not a demand-zero fault as well. Installs its
 * own handler for the duration (chaining anything else), so do not run it while pager regions are in use. */
int mmaptk_pager_cost_sigsegv_mprotect(int64_t pages, int reps, int fill, double *ns_per_fault)
{
    bare_ps = (size_t)sysconf(_SC_PAGESIZE);
    bare_len = (size_t)pages * bare_ps;
    bare_fill = fill;
    struct sigaction sa;
    for (int rep = 0; rep < reps; rep++) {
        uint8_t *p = mmap(NULL, bare_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
        if (p == MAP_FAILED) return -errno;
        mprotect(p, bare_len, PROT_NONE);
        bare_base = p;
        /* The previous action first: ours takes its mask (the runtime's blocks its suspension signal). */
        if (sigaction(SIGSEGV, NULL, &bare_prev) != 0) { munmap(p, bare_len); return -errno; }
        pager_chained_action(&sa, &bare_prev, bare_handler, 1);
        if (sigaction(SIGSEGV, &sa, NULL) != 0) { munmap(p, bare_len); return -errno; }
        double t0 = now_ns();
        touch_pages(p, pages, bare_ps, 1);
        ns_per_fault[rep] = (now_ns() - t0) / (double)pages;
        sigaction(SIGSEGV, &bare_prev, NULL);
        bare_base = NULL;
        munmap(p, bare_len);
    }
    return 0;
}

static int64_t gcd64(int64_t a, int64_t b) { while (b) { int64_t t = a % b; a = b; b = t; } return a; }

/* Stores to pages in the order i * stride mod pages: a permutation whose neighbours in time are far apart in address,
 * so page p gets the frame numbered by when it was touched and no two address-neighbours hold neighbouring frames. */
static void touch_scattered(volatile uint8_t *p, int64_t pages, size_t ps)
{
    int64_t stride = 7919;
    while (gcd64(stride, pages) != 1) stride += 2;
    for (int64_t i = 0; i < pages; i++) p[(size_t)((i * stride) % pages) * ps] = 1;
}

static void cost_config(mmaptk_pager_config *cfg, int backend, int64_t pages, int64_t frames, const char *swap_path)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->pages = pages;
    cfg->frames = (int32_t)frames;
    cfg->policy = PAGER_FIFO;
    cfg->prot = PAGER_READ | PAGER_WRITE;
    cfg->backend = backend;
    cfg->swap_path = swap_path;
    cfg->pool_name = "mmaptk-pager-cost";
}

/* The pager's zero-fill fault: a store to a never-touched page (take a free frame; SIGSEGV backend: zero it through
 * MAP2 and mmap it at the page; UFFD backend: zero the bounce page, UFFDIO_COPY). frames = pages, so nothing is
 * evicted. scattered: pages touched in a scattered order (touch_scattered), so SIGSEGV mappings never merge. */
int mmaptk_pager_cost_pager_fault(int backend, int scattered, int64_t pages, int reps, double *ns_per_fault, char *err, int errlen)
{
    size_t ps = (size_t)sysconf(_SC_PAGESIZE);
    mmaptk_pager_config cfg;
    cost_config(&cfg, backend, pages, pages, NULL);
    for (int rep = 0; rep < reps; rep++) {
        int id;
        void *base;
        int rc = mmaptk_pager_create(&cfg, &id, &base, err, errlen);
        if (rc) return rc;
        double t0 = now_ns();
        if (scattered) touch_scattered(base, pages, ps);
        else touch_pages(base, pages, ps, 1);
        ns_per_fault[rep] = (now_ns() - t0) / (double)pages;
        mmaptk_pager_destroy(id);
    }
    return 0;
}

/* The pager's evicting fault: 2F pages through F frames, all written; the second sweep's every fault evicts a dirty
 * page (to the swap file) and reads its own page back from the swap file. */
int mmaptk_pager_cost_pager_swap(int backend, int64_t frames, int reps, const char *swap_path, double *ns_per_fault, char *err, int errlen)
{
    size_t ps = (size_t)sysconf(_SC_PAGESIZE);
    mmaptk_pager_config cfg;
    cost_config(&cfg, backend, 2 * frames, frames, swap_path);
    for (int rep = 0; rep < reps; rep++) {
        int id;
        void *base;
        int rc = mmaptk_pager_create(&cfg, &id, &base, err, errlen);
        if (rc) return rc;
        touch_pages(base, 2 * frames, ps, 1);
        double t0 = now_ns();
        touch_pages(base, 2 * frames, ps, 1);
        ns_per_fault[rep] = (now_ns() - t0) / (double)(2 * frames);
        mmaptk_pager_destroy(id);   /* the swap file was unlinked at creation, so the next repetition can reuse the path */
    }
    return 0;
}

/* Swaps every resident page out (dirty ones written to the swap file) and frees every frame, as if the region were
 * new but for its swap copies. FIFO only (its hand restarts at frame 0, as on a new region); for the swap-in row. */
static void swap_out_all(int id)
{
    pager_region_t *r = &pager_regions[id];
    pager_lock(r);
    for (int32_t f = 0; f < r->frames_used; f++) {
        int dirty;
        if (r->fr[f].page >= 0) pager_evict(r, f, &dirty);
    }
    r->frames_used = 0;
    r->hand = 0;
    pager_unlock(r);
}

/* The pager's swap-in fault without an eviction: F pages written, all swapped out, then each stored to again: every
 * fault reads its page back from the swap file into a free frame. */
int mmaptk_pager_cost_pager_swap_in(int backend, int64_t pages, int reps, const char *swap_path, double *ns_per_fault, char *err, int errlen)
{
    size_t ps = (size_t)sysconf(_SC_PAGESIZE);
    mmaptk_pager_config cfg;
    cost_config(&cfg, backend, pages, pages, swap_path);
    for (int rep = 0; rep < reps; rep++) {
        int id;
        void *base;
        int rc = mmaptk_pager_create(&cfg, &id, &base, err, errlen);
        if (rc) return rc;
        touch_pages(base, pages, ps, 1);
        swap_out_all(id);
        mmaptk_pager_stats before, after;
        mmaptk_pager_stats_get(id, &before);
        double t0 = now_ns();
        touch_pages(base, pages, ps, 1);
        ns_per_fault[rep] = (now_ns() - t0) / (double)pages;
        mmaptk_pager_stats_get(id, &after);
        mmaptk_pager_destroy(id);
        if (after.swap_ins - before.swap_ins != (uint64_t)pages || after.evictions != before.evictions) {
            snprintf(err, (size_t)errlen, "the swap-in sweep made %llu swap-ins and %llu evictions over %lld pages (expected %lld and 0)",
                     (unsigned long long)(after.swap_ins - before.swap_ins), (unsigned long long)(after.evictions - before.evictions),
                     (long long)pages, (long long)pages);
            return -EPROTO;
        }
    }
    return 0;
}
