/*
 * Moving page contents: filling a frame (zero, backing file, swap slot) and evicting a victim (dirty: to the swap
 * file). SIGSEGV backend: all I/O goes through MAP2, the pool's second mapping that the user never sees, so a page is
 * mapped at its address only once it is complete, and unmapped before its frame is written out or reused. UFFD
 * backend: fills land in the bounce page, and a victim is written out write-protected, then dropped (pager_uffd.c).
 */
#include "pager.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static uint8_t *frame_in_map2(const pager_region_t *r, int32_t frame) { return r->map2 + (size_t)frame * r->ps; }

void *pager_page_addr(const pager_region_t *r, int64_t page)
{
    return (void *)(atomic_load_explicit(&r->base, memory_order_relaxed) + (uintptr_t)page * r->ps);
}

/* pread until count bytes or end of file; returns bytes read or -errno. */
static ssize_t read_full(int fd, uint8_t *dst, size_t count, off_t off)
{
    size_t done = 0;
    while (done < count) {
        ssize_t n = pread(fd, dst + done, count - done, off + (off_t)done);
        if (n < 0) { if (errno == EINTR) continue; return -errno; }
        if (n == 0) break;
        done += (size_t)n;
    }
    return (ssize_t)done;
}

static ssize_t write_full(int fd, const uint8_t *src, size_t count, off_t off)
{
    size_t done = 0;
    while (done < count) {
        ssize_t n = pwrite(fd, src + done, count - done, off + (off_t)done);
        if (n < 0) { if (errno == EINTR) continue; return -errno; }
        if (n == 0) return -EIO;
        done += (size_t)n;
    }
    return (ssize_t)done;
}

void pager_set_access(pager_region_t *r, int64_t page, int prot)
{
    if (r->backend == PAGER_BACKEND_UFFD) { pager_uffd_set_access(r, page, prot); return; }
    if (mprotect(pager_page_addr(r, page), r->ps, prot) != 0)
        pager_die(r, page, "mprotect of a resident page failed (vm.max_map_count reached?)", errno);
    r->vp[page].mapped = (uint8_t)prot;
}

/* Fills dst (a frame seen through MAP2, or the UFFD backend's bounce page) with page's contents; returns the cause. */
int pager_fill(pager_region_t *r, int64_t page, uint8_t *dst)
{
    vpage_t *vp = &r->vp[page];
    if (vp_slot(vp) >= 0) {
        ssize_t n = read_full(r->swap_fd, dst, r->ps, (off_t)vp_slot(vp) * (off_t)r->ps);
        if (n < 0) pager_die(r, page, "reading its swap slot failed", (int)-n);
        if ((size_t)n != r->ps) pager_die(r, page, "its swap slot is shorter than a page (swap file truncated?)", 0);
        r->stats.swap_ins++;
        r->stats.bytes_read += r->ps;
        return CAUSE_SWAP_IN;
    }
    if (page < r->file_pages) {
        ssize_t n = read_full(r->file_fd, dst, r->ps, (off_t)(r->file_offset + page * (int64_t)r->ps));
        if (n < 0) pager_die(r, page, "reading the backing file failed", (int)-n);
        if ((size_t)n < r->ps) memset(dst + n, 0, r->ps - (size_t)n); /* the file ends inside this page */
        r->stats.file_reads++;
        r->stats.bytes_read += (uint64_t)n;
        return CAUSE_FILE_READ;
    }
    memset(dst, 0, r->ps);
    r->stats.zero_fills++;
    return CAUSE_ZERO_FILL;
}

/* Writes a dirty page's contents (src) to its swap slot, giving it one the first time; counted as a swap-out. */
static void write_to_slot(pager_region_t *r, int64_t page, const uint8_t *src, const char *no_swap)
{
    vpage_t *vp = &r->vp[page];
    if (r->swap_fd < 0) pager_die(r, page, no_swap, 0);
    if (vp_slot(vp) < 0) {
        if (r->next_slot >= r->swap_slots) pager_die(r, page, "the swap file is full", ENOSPC);
        vp_set_slot(vp, r->next_slot++);
    }
    ssize_t n = write_full(r->swap_fd, src, r->ps, (off_t)vp_slot(vp) * (off_t)r->ps);
    if (n < 0) pager_die(r, page, "writing it to the swap file failed", (int)-n);
    r->stats.swap_outs++;
    r->stats.bytes_written += r->ps;
}

/* WSClock's scheduled write-back: the dirty page in frame stays resident and becomes clean. Only a page the hand has
 * made inaccessible (its reference bit clear) is written back, so no store can land while it is copied; its next
 * store faults and makes it dirty again. */
void pager_write_back(pager_region_t *r, int32_t frame)
{
    int64_t page = r->fr[frame].page;
    vpage_t *vp = &r->vp[page];
    if (vp->mapped != 0) pager_die(r, page, "a write-back of a page still accessible (WSClock writes back only pages whose reference bit is clear)", 0);
    const uint8_t *src = r->backend == PAGER_BACKEND_UFFD ? pager_uffd_take_out(r, page, frame) : frame_in_map2(r, frame);
    write_to_slot(r, page, src, "WSClock must write it back, but the region has no swap file");
    vp->dirty = 0;
}

/* Takes the victim in frame out of the user's view; a dirty one goes to its swap slot first (one slot per page,
 * kept for the page's life, so a later clean drop leaves a valid copy behind). */
void pager_evict(pager_region_t *r, int32_t frame, int *was_dirty)
{
    int64_t victim = r->fr[frame].page;
    vpage_t *vp = &r->vp[victim];
    const uint8_t *src;
    if (r->backend == PAGER_BACKEND_UFFD) {
        src = pager_uffd_take_out(r, victim, frame); /* write-protected: stores now fault and wait for the lock */
    } else {
        /* One syscall replaces the frame's mapping with an inaccessible anonymous page: from here on, other threads
         * touching the victim fault and wait for the lock, so nobody writes to the frame while it is copied out. */
        if (mmap(pager_page_addr(r, victim), r->ps, PROT_NONE, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0) == MAP_FAILED)
            pager_die(r, victim, "unmapping the victim page failed (vm.max_map_count reached?)", errno);
        vp->mapped = 0;
        src = frame_in_map2(r, frame);
    }
    *was_dirty = vp->dirty;
    if (vp->dirty) {
        write_to_slot(r, victim, src, "it is dirty and must be evicted, but the region has no swap file");
    } else {
        r->stats.clean_drops++;
    }
    if (r->backend == PAGER_BACKEND_UFFD) pager_uffd_drop(r, victim);
    r->stats.evictions++;
    r->stats.resident_pages--;
    pager_policy_evicted(r, frame);
    vp_set_frame(vp, -1);
    vp->dirty = 0;
    r->fr[frame].page = -1;
}
