/*
 * The userfaultfd backend. The region is one private anonymous VMA, accessible as the region's protection says,
 * registered with userfaultfd for missing pages (and write-protect, when writable) with UFFD_FEATURE_SIGBUS: a
 * missing page or a store to a write-protected one raises SIGBUS in the faulting thread, and pager_fault.c resolves
 * it under the region lock, with the same tables and policies as the SIGSEGV backend:
 *   - a miss fills the bounce buffer (zeroes, the backing file, the swap slot) and installs it with one UFFDIO_COPY,
 *     write-protected unless the page is dirty (so the first store is a dirty fault, as with the SIGSEGV backend);
 *   - "inaccessible" (CLOCK's cleared reference bit, LRU's not-the-current-page) cannot be a protection here: the page
 *     is write-protected, copied to its frame's stash slot and dropped (MADV_DONTNEED), so its next use is a missing
 *     fault that installs the stash copy again;
 *   - eviction write-protects a writable victim first (a concurrent store then faults and waits for the lock instead
 *     of being lost), writes it to the swap file from where it is, then drops it.
 * The region never splits (no mprotect, no mmap over it), so frames are bounded by memory, not vm.max_map_count.
 * Handler-side functions die with one line naming the page on any failure (pager_die).
 */
#include "pager.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include "uffd_open.h"
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

_Static_assert((int)PAGER_UFFD_NONE == (int)UFFD_OPENED_NONE && (int)PAGER_UFFD_SYSCALL == (int)UFFD_OPENED_SYSCALL &&
               (int)PAGER_UFFD_USER_MODE_ONLY == (int)UFFD_OPENED_USER_MODE_ONLY && (int)PAGER_UFFD_DEVICE == (int)UFFD_OPENED_DEVICE,
               "pager_api.h publishes how the userfaultfd was opened with uffd_open's values");

/* Maps the region and registers it; r->prot, r->policy, r->frames and r->ps are set. Returns 0 or -errno (err set). */
int pager_uffd_setup(pager_region_t *r, size_t len, char *err, int errlen)
{
    int writable = (r->prot & PAGER_WRITE) != 0;
    uffd_open_attempts_t attempts;
    r->uffd = uffd_open(O_NONBLOCK, &attempts);
    r->uffd_how = attempts.how;
    if (r->uffd < 0) {
        uffd_describe_refusal(&attempts, err, errlen);
        return -EPERM;
    }
    uint64_t features = UFFD_FEATURE_SIGBUS | (writable ? UFFD_FEATURE_PAGEFAULT_FLAG_WP : 0);
    struct uffdio_api api = { .api = UFFD_API, .features = features };
    if (ioctl(r->uffd, UFFDIO_API, &api) != 0 || (api.features & features) != features) {
        int e = errno ? errno : EOPNOTSUPP;
        snprintf(err, (size_t)errlen, "userfaultfd unavailable: UFFDIO_API with features SIGBUS%s: %s",
                 writable ? "|PAGEFAULT_FLAG_WP" : "", uffd_errname(e));
        return -EOPNOTSUPP;
    }

    int prot = PROT_READ | (writable ? PROT_WRITE : 0) | (r->prot & PAGER_EXEC ? PROT_EXEC : 0);
    void *base = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base == MAP_FAILED) {
        int e = errno;
        snprintf(err, (size_t)errlen, "a region of %lld pages needs %zu bytes of address space, and mmap refused it (%s): "
                 "use fewer pages", (long long)r->pages, len, strerror(e));
        return -e;
    }
    madvise(base, len, MADV_NOHUGEPAGE); /* one fault = one page, as the model counts */
    atomic_store(&r->base, (uintptr_t)base);
    atomic_store(&r->len, len);
    uint64_t need = (1ull << _UFFDIO_COPY) | (writable ? 1ull << _UFFDIO_WRITEPROTECT : 0);
    struct uffdio_register reg = {
        .range = { .start = (uintptr_t)base, .len = len },
        .mode = UFFDIO_REGISTER_MODE_MISSING | (writable ? UFFDIO_REGISTER_MODE_WP : 0),
    };
    errno = 0;
    if (ioctl(r->uffd, UFFDIO_REGISTER, &reg) != 0 || (reg.ioctls & need) != need) {
        int e = errno ? errno : EOPNOTSUPP;
        snprintf(err, (size_t)errlen, "userfaultfd unavailable: UFFDIO_REGISTER (missing%s mode) of the region: %s",
                 writable ? " and write-protect" : "", uffd_errname(e));
        return -EOPNOTSUPP;
    }

    r->bounce = mmap(NULL, r->ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (r->bounce == MAP_FAILED) { r->bounce = NULL; snprintf(err, (size_t)errlen, "mmap of the bounce page failed"); return -ENOMEM; }
    if (r->policy == PAGER_CLOCK || r->policy == PAGER_LRU || r->policy == PAGER_WSCLOCK) {
        r->stash = mmap(NULL, (size_t)r->frames * r->ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (r->stash == MAP_FAILED) { r->stash = NULL; snprintf(err, (size_t)errlen, "mmap of the reference-bit stash failed"); return -ENOMEM; }
    }
    return 0;
}

/* Ordinary context: the region itself is unmapped by the caller. */
void pager_uffd_release(pager_region_t *r)
{
    if (r->bounce) munmap(r->bounce, r->ps);
    if (r->stash) munmap(r->stash, (size_t)r->frames * r->ps);
    if (r->uffd >= 0) close(r->uffd);
    r->bounce = r->stash = NULL;
    r->uffd = -1;
}

static uint8_t *stash_of(const pager_region_t *r, int64_t page)
{
    return r->stash + (size_t)vp_frame(&r->vp[page]) * r->ps;
}

/* Write-protects (wp = 1) or unprotects one resident page. DONTWAKE when unprotecting (in SIGBUS mode no thread waits
 * in the kernel); the kernel refuses it together with WP. */
static void write_protect(pager_region_t *r, int64_t page, int wp)
{
    struct uffdio_writeprotect w = {
        .range = { .start = (uintptr_t)pager_page_addr(r, page), .len = r->ps },
        .mode = wp ? UFFDIO_WRITEPROTECT_MODE_WP : UFFDIO_WRITEPROTECT_MODE_DONTWAKE,
    };
    if (ioctl(r->uffd, UFFDIO_WRITEPROTECT, &w) != 0)
        pager_die(r, page, wp ? "UFFDIO_WRITEPROTECT of a resident page failed" : "UFFDIO_WRITEPROTECT (unprotect) of a resident page failed", errno);
}

/* Installs src as page's contents in one step: the page goes from missing to complete, never half-filled. */
void pager_uffd_install(pager_region_t *r, int64_t page, const uint8_t *src, int prot)
{
    int wp = (r->prot & PAGER_WRITE) && !(prot & PROT_WRITE);
    struct uffdio_copy c = {
        .dst = (uintptr_t)pager_page_addr(r, page), .src = (uintptr_t)src, .len = r->ps,
        .mode = UFFDIO_COPY_MODE_DONTWAKE | (wp ? UFFDIO_COPY_MODE_WP : 0),
    };
    for (int tries = 0;; tries++) {
        if (ioctl(r->uffd, UFFDIO_COPY, &c) == 0 && c.copy == (int64_t)r->ps) break;
        /* EAGAIN: the address space was changing (the kernel asks to retry); anything else is fatal. */
        if (errno == EAGAIN && tries < 100) { c.copy = 0; continue; }
        pager_die(r, page, "UFFDIO_COPY of its filled page failed", c.copy < 0 ? (int)-c.copy : errno);
    }
    r->vp[page].mapped = (uint8_t)prot;
}

/* pager_set_access for this backend: 0 drops the page to its stash slot; from 0 the stash copy is installed again;
 * between PROT_READ and PROT_READ|PROT_WRITE the write protection changes. */
void pager_uffd_set_access(pager_region_t *r, int64_t page, int prot)
{
    vpage_t *vp = &r->vp[page];
    if (prot == vp->mapped) return;
    if (prot == 0) {
        if (!r->stash) pager_die(r, page, "a page had to be made inaccessible, but the region has no stash (policy without reference bits)", 0);
        if (vp->mapped & PROT_WRITE) write_protect(r, page, 1); /* no store may land between the copy and the drop */
        memcpy(stash_of(r, page), pager_page_addr(r, page), r->ps);
        pager_uffd_drop(r, page);
        return;
    }
    if (vp->mapped == 0) {
        pager_uffd_install(r, page, stash_of(r, page), prot);
        return;
    }
    write_protect(r, page, !(prot & PROT_WRITE));
    vp->mapped = (uint8_t)prot;
}

/* The victim's contents for the swap file, with every store to it stopped: where it is mapped, write-protected;
 * a page dropped for its reference bit is already in its stash slot. */
const uint8_t *pager_uffd_take_out(pager_region_t *r, int64_t page, int32_t frame)
{
    vpage_t *vp = &r->vp[page];
    if (vp->mapped == 0) return r->stash + (size_t)frame * r->ps;
    if (vp->mapped & PROT_WRITE) write_protect(r, page, 1);
    return pager_page_addr(r, page);
}

/* Drops a mapped page: its next use is a missing fault again (anonymous memory keeps no write-protect marker). */
void pager_uffd_drop(pager_region_t *r, int64_t page)
{
    vpage_t *vp = &r->vp[page];
    if (vp->mapped != 0 && madvise(pager_page_addr(r, page), r->ps, MADV_DONTNEED) != 0)
        pager_die(r, page, "MADV_DONTNEED of a page leaving the user's view failed", errno);
    vp->mapped = 0;
}
