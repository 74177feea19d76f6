/*
 * The event log (a ring written by the handler, read without any lock by managed code) and the fatal path
 * (a fault the pager cannot resolve: one line on stderr through write(2), then abort - never a hang).
 */
#include "pager_api.h"
#include "pager.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Writer: the handler, under the region lock (one writer at a time). Each slot is a small seqlock: its seq is 0
 * while being written and the event's number once complete, so a reader can tell a torn or overwritten slot. */
void pager_log_event(pager_region_t *r, int64_t page, int64_t victim, int32_t frame, int cause, int write, int victim_dirty)
{
    uint64_t seq = atomic_load_explicit(&r->head, memory_order_relaxed) + 1;
    mmaptk_pager_event *e = &r->ring[seq % PAGER_RING_CAPACITY];
    _Atomic uint64_t *slot_seq = (_Atomic uint64_t *)&e->seq;
    atomic_store_explicit(slot_seq, 0, memory_order_relaxed);
    atomic_thread_fence(memory_order_release);
    e->page = page;
    e->victim = victim;
    e->frame = frame;
    e->cause = (uint8_t)cause;
    e->write = (uint8_t)(write != 0);
    e->victim_dirty = (uint8_t)(victim_dirty != 0);
    atomic_store_explicit(slot_seq, seq, memory_order_release);
    atomic_store_explicit(&r->head, seq, memory_order_release);
}

/* Copies events with sequence numbers from `from` on (at most max) into out; returns how many. *next is where to
 * continue; events overwritten before they were read are skipped (*next jumps past them). */
static int read_events_locked(int id, uint64_t from, mmaptk_pager_event *out, int max, uint64_t *next);

/* Holds the table lock so that the region (and its ring) cannot be destroyed while it is read. */
int mmaptk_pager_read_events(int id, uint64_t from, mmaptk_pager_event *out, int max, uint64_t *next)
{
    pager_table_lock();
    int rc = read_events_locked(id, from, out, max, next);
    pager_table_unlock();
    return rc;
}

static int read_events_locked(int id, uint64_t from, mmaptk_pager_event *out, int max, uint64_t *next)
{
    if (id < 0 || id >= PAGER_MAX_REGIONS || max < 0) return -EINVAL;
    pager_region_t *r = &pager_regions[id];
    if (!atomic_load(&r->active) || !r->ring) return -EINVAL;
    uint64_t head = atomic_load_explicit(&r->head, memory_order_acquire);
    uint64_t s = from < 1 ? 1 : from;
    if (head >= PAGER_RING_CAPACITY && s <= head - PAGER_RING_CAPACITY) s = head - PAGER_RING_CAPACITY + 1;
    int n = 0;
    for (; s <= head && n < max; s++) {
        volatile mmaptk_pager_event *e = &r->ring[s % PAGER_RING_CAPACITY];
        _Atomic uint64_t *slot_seq = (_Atomic uint64_t *)&e->seq;
        if (atomic_load_explicit(slot_seq, memory_order_acquire) != s) continue;
        mmaptk_pager_event copy;
        copy.seq = s;
        copy.page = e->page;
        copy.victim = e->victim;
        copy.frame = e->frame;
        copy.cause = e->cause;
        copy.write = e->write;
        copy.victim_dirty = e->victim_dirty;
        copy.reserved = 0;
        atomic_thread_fence(memory_order_acquire);
        if (atomic_load_explicit(slot_seq, memory_order_relaxed) != s) continue;
        out[n++] = copy;
    }
    *next = s;
    return n;
}

void pager_fmt(char *buf, size_t cap, size_t *len, const char *s)
{
    while (*s && *len + 1 < cap) buf[(*len)++] = *s++;
    buf[*len] = 0;
}

void pager_fmt_i64(char *buf, size_t cap, size_t *len, int64_t v)
{
    char tmp[24];
    int i = 0;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do { tmp[i++] = (char)('0' + u % 10); u /= 10; } while (u);
    if (v < 0) tmp[i++] = '-';
    char out[24];
    int k = 0;
    while (i) out[k++] = tmp[--i];
    out[k] = 0;
    pager_fmt(buf, cap, len, out);
}

static const char *errno_name(int e)
{
    switch (e) {
    case EIO: return "EIO";
    case ENOSPC: return "ENOSPC";
    case ENOMEM: return "ENOMEM";
    case EFBIG: return "EFBIG";
    case EBADF: return "EBADF";
    case EINVAL: return "EINVAL";
    case EFAULT: return "EFAULT";
    case EDQUOT: return "EDQUOT";
    case EROFS: return "EROFS";
    default: return NULL;
    }
}

void pager_die(const pager_region_t *r, int64_t page, const char *why, int err)
{
    char buf[384];
    size_t n = 0;
    pager_fmt(buf, sizeof buf, &n, "mmaptk pager: cannot resolve a fault on page ");
    pager_fmt_i64(buf, sizeof buf, &n, page);
    pager_fmt(buf, sizeof buf, &n, " of region ");
    pager_fmt_i64(buf, sizeof buf, &n, r->id);
    pager_fmt(buf, sizeof buf, &n, ": ");
    pager_fmt(buf, sizeof buf, &n, why);
    if (err) {
        const char *name = errno_name(err);
        pager_fmt(buf, sizeof buf, &n, " (");
        if (name) pager_fmt(buf, sizeof buf, &n, name);
        else { pager_fmt(buf, sizeof buf, &n, "errno "); pager_fmt_i64(buf, sizeof buf, &n, err); }
        pager_fmt(buf, sizeof buf, &n, ")");
    }
    pager_fmt(buf, sizeof buf, &n, "; aborting\n");
    ssize_t ignored = write(STDERR_FILENO, buf, n);
    (void)ignored;
    /* The runtime owns SIGABRT; take the default so abort() ends the process at once. */
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigaction(SIGABRT, &dfl, NULL);
    abort();
}
