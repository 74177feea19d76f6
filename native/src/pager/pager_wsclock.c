/*
 * WSClock (Carr and Hennessy, SOSP 1981; Tanenbaum 3.4.9) with the semantics of the model's WsClockPolicy
 * (docs/model.md), so that one trace gives the same faults, victims and write-backs on the model and on the pager.
 * Called with the region lock held, from the handler, when every frame is in use.
 *
 * Everything the sweep reads is something the pager observes itself:
 *   - the reference bit: clearing it makes the page inaccessible, so its next use is a reference fault that sets it
 *     again (pager_policy_referenced), exactly as for CLOCK;
 *   - the dirty bit: a clean page is mapped read-only (or inaccessible), so its first store faults;
 *   - the time of last use: the virtual time when the page was loaded or when the hand found its bit set. Virtual
 *     time is the only thing the pager is told: the program advances r->vtime (the replay: reference number i + 1
 *     just before making reference i), as a kernel would charge a process's CPU time.
 * The hand visits every frame of a lap in turn (the plain sweep of the definition): O(F) per fault at worst.
 */
#include "pager.h"

static int32_t claim(pager_region_t *r, int32_t frame)
{
    r->hand = frame + 1 == r->frames ? 0 : frame + 1;
    return frame;
}

static int page_dirty(const pager_region_t *r, int32_t frame) { return r->vp[r->fr[frame].page].dirty; }

int32_t pager_wsclock_victim(pager_region_t *r)
{
    int64_t now = atomic_load_explicit(&r->vtime, memory_order_relaxed);
    int32_t n = r->frames, start = r->hand, first_cleaned = -1;
    for (int32_t step = 0; step < n; step++) {
        int32_t f = start + step < n ? start + step : start + step - n;
        frame_t *fr = &r->fr[f];
        if (fr->ref) {
            /* Used since the hand last passed: clear the bit (the page becomes inaccessible), restart its age. */
            fr->ref = 0;
            fr->last_use = now;
            pager_set_access(r, fr->page, 0);
        } else if (now - fr->last_use > r->tau) {
            /* Outside the working set: a clean page is the victim; a dirty one is written back now and passed. */
            if (!page_dirty(r, f)) return claim(r, f);
            pager_write_back(r, f);
            if (first_cleaned < 0) first_cleaned = f;
        }
    }
    if (first_cleaned >= 0) return claim(r, first_cleaned);
    /* A full lap found nothing outside the working set: memory is smaller than it. The first clean page from the
     * start, or the page at the start (pager_evict writes it back). */
    r->stats.evictions_in_working_set++;
    for (int32_t step = 0; step < n; step++) {
        int32_t f = start + step < n ? start + step : start + step - n;
        if (!page_dirty(r, f)) return claim(r, f);
    }
    return claim(r, start);
}
