/*
 * Victim choice, with the semantics of the model's TraceSimulator (docs/design.md section 3), so that one trace gives the
 * same faults on the model and on the pager. Called with the region lock held, from the handler.
 *
 * Only the pager's faults are visible here, so whatever a policy must know about hits is made to fault:
 * CLOCK clears a reference bit by making the page inaccessible (the next use faults and sets it again);
 * LRU keeps every resident page but the current one inaccessible (every change of page faults);
 * WSClock clears reference bits as CLOCK does (its sweep: pager_wsclock.c).
 */
#include "pager.h"

#include <sys/mman.h>

uint64_t pager_splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static void lru_unlink(pager_region_t *r, int32_t f)
{
    frame_t *fr = r->fr;
    if (fr[f].lru_prev < 0 && fr[f].lru_next < 0 && r->lru_head != f) return; /* not in the list */
    if (fr[f].lru_prev >= 0) fr[fr[f].lru_prev].lru_next = fr[f].lru_next; else r->lru_head = fr[f].lru_next;
    if (fr[f].lru_next >= 0) fr[fr[f].lru_next].lru_prev = fr[f].lru_prev; else r->lru_tail = fr[f].lru_prev;
    fr[f].lru_prev = fr[f].lru_next = -1;
}

static void lru_push_mru(pager_region_t *r, int32_t f)
{
    frame_t *fr = r->fr;
    fr[f].lru_prev = r->lru_tail;
    fr[f].lru_next = -1;
    if (r->lru_tail >= 0) fr[r->lru_tail].lru_next = f; else r->lru_head = f;
    r->lru_tail = f;
}

/* LRU: the page now in use becomes the only accessible one. */
static void lru_make_current(pager_region_t *r, int32_t f)
{
    int64_t page = r->fr[f].page;
    if (r->current_page >= 0 && r->current_page != page && vp_frame(&r->vp[r->current_page]) >= 0)
        pager_set_access(r, r->current_page, 0);
    r->current_page = page;
    lru_unlink(r, f);
    lru_push_mru(r, f);
}

int32_t pager_policy_victim(pager_region_t *r)
{
    switch (r->policy) {
    case PAGER_FIFO: {
        /* Frames fill 0..F-1 in order and a replaced page takes its victim's frame, so the oldest is always next. */
        int32_t f = r->hand;
        r->hand = (r->hand + 1) % r->frames;
        return f;
    }
    case PAGER_CLOCK:
        while (r->fr[r->hand].ref) {
            r->fr[r->hand].ref = 0;
            pager_set_access(r, r->fr[r->hand].page, 0);
            r->hand = (r->hand + 1) % r->frames;
        }
        return r->hand; /* the hand moves past it once the new page is loaded */
    case PAGER_LRU:
        return r->lru_head;
    case PAGER_RANDOM:
        return (int32_t)(pager_splitmix64(&r->rng) % (uint64_t)r->frames);
    case PAGER_WSCLOCK:
        return pager_wsclock_victim(r);
    case PAGER_OPT: {
        /* Farthest next use; never again = trace length; ties go to the lowest frame. Without a trace: frame 0.
         * page_next holds position + 1, and 0 for a page the trace never uses again. */
        int32_t best = 0;
        int64_t best_next = -1;
        for (int32_t f = 0; f < r->frames; f++) {
            int64_t stored = r->page_next ? r->page_next[r->fr[f].page] : 1;
            int64_t next = stored ? stored - 1 : r->trace_len;
            if (next > best_next) { best_next = next; best = f; }
        }
        return best;
    }
    }
    return 0;
}

void pager_policy_loaded(pager_region_t *r, int32_t frame)
{
    switch (r->policy) {
    case PAGER_CLOCK:
        r->fr[frame].ref = 1;
        /* While free frames remain the hand stays at 0; a replacement advances it past the new page. */
        if (r->stats.evictions > 0 && frame == r->hand) r->hand = (r->hand + 1) % r->frames;
        break;
    case PAGER_LRU:
        lru_make_current(r, frame);
        break;
    case PAGER_WSCLOCK:
        /* The hand was placed by the sweep; while free frames remain it stays at 0. */
        r->fr[frame].ref = 1;
        r->fr[frame].last_use = atomic_load_explicit(&r->vtime, memory_order_relaxed);
        break;
    default:
        break;
    }
}

void pager_policy_referenced(pager_region_t *r, int32_t frame)
{
    if (r->policy == PAGER_CLOCK || r->policy == PAGER_WSCLOCK) r->fr[frame].ref = 1;
    else if (r->policy == PAGER_LRU) lru_make_current(r, frame);
}

void pager_policy_evicted(pager_region_t *r, int32_t frame)
{
    if (r->policy == PAGER_LRU) {
        if (r->current_page == r->fr[frame].page) r->current_page = -1;
        lru_unlink(r, frame);
    }
    r->fr[frame].ref = 0;
}
