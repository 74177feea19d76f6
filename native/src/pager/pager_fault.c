/*
 * The SIGSEGV handler: the application's page-fault handler (the notes' page_fault_handler(va, cpl, write)).
 * Runs on the thread's alternate signal stack; uses a few hundred bytes of stack, raw syscalls and atomics only.
 */
#include "pager.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

struct sigaction pager_prev_segv, pager_prev_bus;

enum { NOT_MINE = 0, HANDLED = 1 };

#if !defined(__x86_64__)
#error "the pager reads the x86_64 page-fault error code to tell loads, stores and instruction fetches apart; port fault_access() first"
#endif

enum { ACCESS_READ = 0, ACCESS_WRITE = 1, ACCESS_EXEC = 2 };

/* x86_64 page-fault error code: bit 1 set for a store, bit 4 for an instruction fetch. */
static int fault_access(void *ctx)
{
    const ucontext_t *uc = ctx;
    greg_t err = uc->uc_mcontext.gregs[REG_ERR];
    if (err & 0x10) return ACCESS_EXEC;
    return (err & 2) ? ACCESS_WRITE : ACCESS_READ;
}

static int full_prot(const pager_region_t *r, int dirty)
{
    int prot = PROT_READ | (r->prot & PAGER_EXEC ? PROT_EXEC : 0);
    if (dirty && (r->prot & PAGER_WRITE)) prot |= PROT_WRITE;
    return prot;
}

/* A fault on a resident page: its mapping lacks the access asked for. */
static void resident_fault(pager_region_t *r, int64_t page, int write)
{
    vpage_t *vp = &r->vp[page];
    int cause;
    if (vp->mapped == 0) {
        /* Inaccessible on purpose (CLOCK's cleared reference bit, or LRU's not-the-current-page): note the use. */
        cause = CAUSE_REFERENCE;
        r->stats.reference_faults++;
        if (write) vp->dirty = 1;
        pager_policy_referenced(r, vp_frame(vp));
    } else {
        /* Mapped read-only, first store: the page becomes dirty. */
        cause = CAUSE_DIRTY;
        r->stats.dirty_faults++;
        vp->dirty = 1;
    }
    pager_set_access(r, page, full_prot(r, vp->dirty));
    pager_log_event(r, page, -1, vp_frame(vp), cause, write, 0);
}

/* A miss: take a frame (evicting when none is free), fill it through MAP2 and map it at the page's address (SIGSEGV
 * backend), or fill the bounce page and install it with UFFDIO_COPY (UFFD backend). */
static void missing_fault(pager_region_t *r, int64_t page, int write)
{
    int32_t frame;
    int64_t victim = -1;
    int victim_dirty = 0;
    if (r->frames_used < r->frames) {
        frame = r->frames_used++; /* frames are never freed while the region lives: the lowest free one is next */
    } else {
        frame = pager_policy_victim(r);
        victim = r->fr[frame].page;
        pager_evict(r, frame, &victim_dirty);
    }
    int uffd = r->backend == PAGER_BACKEND_UFFD;
    int cause = pager_fill(r, page, uffd ? r->bounce : r->map2 + (size_t)frame * r->ps);
    vpage_t *vp = &r->vp[page];
    vp_set_frame(vp, frame);
    vp->dirty = write ? 1 : 0;
    r->fr[frame].page = page;
    r->stats.resident_pages++;
    int prot = full_prot(r, vp->dirty);
    if (uffd) {
        pager_uffd_install(r, page, r->bounce, prot);
    } else {
        /* MAP_POPULATE: the page table entry is made now, so the retried access does not take a second (minor) fault
         * on the shared memfd page (docs/pager.md "Costs"). */
        if (mmap(pager_page_addr(r, page), r->ps, prot, MAP_FIXED | MAP_SHARED | MAP_POPULATE, r->memfd, (off_t)frame * (off_t)r->ps) == MAP_FAILED)
            pager_die(r, page, "mmap of its frame at the page's address failed", errno);
        vp->mapped = (uint8_t)prot;
    }
    pager_policy_loaded(r, frame);
    pager_log_event(r, page, victim, frame, cause, write, victim_dirty);
}

static int handle_fault(pager_region_t *r, uintptr_t addr, int access)
{
    int write = access == ACCESS_WRITE;
    pager_lock(r);
    uintptr_t base = atomic_load_explicit(&r->base, memory_order_relaxed);
    if (!atomic_load_explicit(&r->active, memory_order_relaxed) || addr < base || addr - base >= r->len) {
        pager_unlock(r);
        return NOT_MINE; /* destroyed meanwhile */
    }
    /* x86 checks a fetch from a missing page against the VMA as a read; NX is enforced once the page is there. So on a
     * UFFD region a fetch from a non-executable page arrives as SIGBUS: resolve it as a load, and the retried fetch
     * takes the SIGSEGV it would take without the pager (chained below, as on the SIGSEGV backend). */
    if (access == ACCESS_EXEC && !(r->prot & PAGER_EXEC) && r->backend == PAGER_BACKEND_UFFD) access = ACCESS_READ;
    if ((write && !(r->prot & PAGER_WRITE)) || (access == ACCESS_EXEC && !(r->prot & PAGER_EXEC))) {
        pager_unlock(r);
        return NOT_MINE; /* a real protection violation: deliver it as the kernel would */
    }
    int64_t page = (int64_t)((addr - base) / r->ps);
    vpage_t *vp = &r->vp[page];
    if (vp_frame(vp) >= 0) {
        int need = write ? PROT_WRITE : access == ACCESS_EXEC ? PROT_EXEC : PROT_READ;
        if (vp->mapped & need) r->stats.spurious_faults++; /* another thread resolved it while we waited */
        else resident_fault(r, page, write);
    } else {
        missing_fault(r, page, write);
    }
    pager_unlock(r);
    return HANDLED;
}

/* Passes a fault that is not ours to whoever had the signal before, honouring how they asked for it. */
static void chain(int sig, siginfo_t *si, void *ctx)
{
    struct sigaction *prev = sig == SIGBUS ? &pager_prev_bus : &pager_prev_segv;
    if (prev->sa_flags & SA_SIGINFO) {
        prev->sa_sigaction(sig, si, ctx);
    } else if (prev->sa_handler == SIG_DFL || (prev->sa_handler == SIG_IGN && si->si_code > 0)) {
        /* The kernel never ignores a SIGSEGV or SIGBUS raised by a fault: it resets it to the default, so do we. */
        /* Restore the default; the access runs again and ends the process exactly as it would have without us. */
        struct sigaction dfl;
        memset(&dfl, 0, sizeof dfl);
        dfl.sa_handler = SIG_DFL;
        sigaction(sig, &dfl, NULL);
        if (si->si_code <= 0) raise(sig); /* sent by kill(), not a fault: nothing re-executes */
    } else if (prev->sa_handler != SIG_IGN) {
        prev->sa_handler(sig);
    }
}

void pager_signal_handler(int sig, siginfo_t *si, void *ctx)
{
    int saved_errno = errno;
    /* A protection-key fault (SEGV_PKUERR) is never the pager's: remapping the page would not resolve it. */
    if (si->si_code > 0 && !(sig == SIGSEGV && si->si_code == SEGV_PKUERR)) {
        pager_region_t *r = pager_find_region((uintptr_t)si->si_addr);
        /* Each backend's faults come as one signal: SIGSEGV (protection) or SIGBUS (userfaultfd). The other signal on
         * a UFFD region is a real violation (a store to a read-only region): not ours. */
        int uffd = r && r->backend == PAGER_BACKEND_UFFD;
        if (r && (sig == SIGBUS) == uffd) {
            if (handle_fault(r, (uintptr_t)si->si_addr, fault_access(ctx)) == HANDLED) {
                errno = saved_errno;
                return;
            }
        } else if (r && sig == SIGBUS) {
            pager_die(r, (int64_t)(((uintptr_t)si->si_addr - atomic_load(&r->base)) / r->ps),
                      "SIGBUS on a pager page (its frame lies outside the frame pool)", 0);
        }
    }
    errno = saved_errno;
    chain(sig, si, ctx);
}
