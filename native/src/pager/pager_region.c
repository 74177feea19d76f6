/* Creating and destroying pager regions; the region table the handler searches; installing the handler. */
#include "pager_api.h"
#include "pager.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

pager_region_t pager_regions[PAGER_MAX_REGIONS];

/* Serialises create/destroy (ordinary context only, never taken by the handler). */
static pthread_mutex_t table_mutex = PTHREAD_MUTEX_INITIALIZER;

/* For accessors in other files: while held, no region is created or destroyed. Never taken in the handler. */
void pager_table_lock(void) { pthread_mutex_lock(&table_mutex); }
void pager_table_unlock(void) { pthread_mutex_unlock(&table_mutex); }

/* The exported accessors run their locked_ body under the table lock, so destroy never frees a region under them. */
#define UNDER_TABLE_LOCK(type, call) \
    do { pthread_mutex_lock(&table_mutex); type rc_ = (call); pthread_mutex_unlock(&table_mutex); return rc_; } while (0)
static int live_regions;
static int handler_installed;
static int64_t reserved_vmas;

void pager_lock(pager_region_t *r)
{
    int spins = 0;
    for (;;) {
        int expected = 0;
        if (atomic_compare_exchange_weak_explicit(&r->lock, &expected, 1, memory_order_acquire, memory_order_relaxed))
            return;
        /* The holder never blocks, but it can be preempted on a 2-core machine: yield (a plain syscall) after a while. */
        if (++spins < 200) __builtin_ia32_pause();
        else { sched_yield(); spins = 0; }
    }
}

void pager_unlock(pager_region_t *r) { atomic_store_explicit(&r->lock, 0, memory_order_release); }

pager_region_t *pager_find_region(uintptr_t addr)
{
    for (int i = 0; i < PAGER_MAX_REGIONS; i++) {
        pager_region_t *r = &pager_regions[i];
        if (!atomic_load_explicit(&r->active, memory_order_acquire)) continue;
        uintptr_t base = atomic_load_explicit(&r->base, memory_order_relaxed);
        size_t len = atomic_load_explicit(&r->len, memory_order_relaxed);
        if (addr >= base && addr - base < len) return r;
    }
    return NULL;
}

/* Reads each previous action first: ours takes its sa_mask (pager_chained_action). SIGSEGV always runs on the
 * alternate stack (a fault may come from a thread whose stack is exhausted); SIGBUS where the previous one did. */
int pager_install_handler(char *err, int errlen)
{
    struct sigaction sa;
    if (sigaction(SIGSEGV, NULL, &pager_prev_segv) != 0 || sigaction(SIGBUS, NULL, &pager_prev_bus) != 0) {
        snprintf(err, errlen, "sigaction reading the previous SIGSEGV/SIGBUS action failed: %s", strerror(errno));
        return -errno;
    }
    pager_chained_action(&sa, &pager_prev_segv, pager_signal_handler, 1);
    if (sigaction(SIGSEGV, &sa, NULL) != 0) {
        snprintf(err, errlen, "sigaction(SIGSEGV) failed: %s", strerror(errno));
        return -errno;
    }
    pager_chained_action(&sa, &pager_prev_bus, pager_signal_handler, 0);
    if (sigaction(SIGBUS, &sa, NULL) != 0) {
        int e = errno;
        sigaction(SIGSEGV, &pager_prev_segv, NULL);
        snprintf(err, errlen, "sigaction(SIGBUS) failed: %s", strerror(e));
        return -e;
    }
    return 0;
}

/* Restores the previous handlers, but only where ours is still the one installed: if someone chained on top of us,
 * taking ours away would cut their chain, so ours stays (it passes every fault outside a region along).
 * 1 when both were restored; 0 when ours stays, so that the next region does not install it a second time. */
int pager_remove_handler(void)
{
    struct sigaction cur;
    int removed = 1;
    if (sigaction(SIGSEGV, NULL, &cur) == 0 && (cur.sa_flags & SA_SIGINFO) && cur.sa_sigaction == pager_signal_handler)
        sigaction(SIGSEGV, &pager_prev_segv, NULL);
    else
        removed = 0;
    if (sigaction(SIGBUS, NULL, &cur) == 0 && (cur.sa_flags & SA_SIGINFO) && cur.sa_sigaction == pager_signal_handler)
        sigaction(SIGBUS, &pager_prev_bus, NULL);
    else
        removed = 0;
    return removed;
}

static int64_t read_long_file(const char *path)
{
    FILE *f = fopen(path, "re");
    if (!f) return -1;
    long long v = -1;
    if (fscanf(f, "%lld", &v) != 1) v = -1;
    fclose(f);
    return v;
}

static int64_t count_maps(void)
{
    FILE *f = fopen("/proc/self/maps", "re");
    if (!f) return -1;
    int64_t n = 0;
    int c;
    while ((c = fgetc(f)) != EOF)
        if (c == '\n') n++;
    fclose(f);
    return n;
}

/* Every resident page can be its own VMA, with an inaccessible VMA between two of them: up to 2F+1, plus MAP2. */
static int check_vma_budget(int64_t frames, int64_t *budget, char *err, int errlen)
{
    const int64_t margin = 1024; /* the runtime and other code keep mapping while the region lives */
    *budget = 2 * frames + 2;
    int64_t max = read_long_file("/proc/sys/vm/max_map_count");
    int64_t cur = count_maps();
    if (max < 0 || cur < 0) return 0; /* cannot tell: let mmap report it */
    if (cur + reserved_vmas + *budget + margin > max) {
        snprintf(err, errlen,
                 "a pager region of %lld frames can split into up to %lld memory mappings; %lld are in use, %lld are "
                 "reserved by other pager regions and vm.max_map_count is %lld: use fewer frames or raise the limit "
                 "(sysctl -w vm.max_map_count=%lld)",
                 (long long)frames, (long long)*budget, (long long)cur, (long long)reserved_vmas, (long long)max,
                 (long long)(cur + reserved_vmas + *budget + margin + 1024));
        return -ENOMEM;
    }
    return 0;
}

/* A table with one entry per virtual page: address space only (MAP_NORESERVE), never pre-written; the kernel
 * supplies zero pages on first use, so only the table pages around touched entries ever take memory. */
static size_t per_page_table_bytes(int64_t pages, size_t entry) { return (size_t)pages * entry; }

static void *per_page_table(int64_t pages, size_t entry)
{
    void *t = mmap(NULL, per_page_table_bytes(pages, entry), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (t == MAP_FAILED) return NULL;
    madvise(t, per_page_table_bytes(pages, entry), MADV_NOHUGEPAGE); /* a huge page would make one touch cost 2 MiB */
    return t;
}

/* "16 TiB", "120 MiB": a size in the largest binary unit that keeps it at least 1 (ordinary context only). */
static const char *human_size(uint64_t bytes, char *buf, size_t cap)
{
    static const char *const unit[] = { "bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
    int u = 0;
    while (u < 6 && bytes >= ((uint64_t)1024 << (10 * u))) u++;
    snprintf(buf, cap, "%llu %s", (unsigned long long)(bytes >> (10 * u)), unit[u]);
    return buf;
}

/* Bytes of memory the system says it can still give (MemAvailable), or -1 when it cannot tell. */
static int64_t memory_available(void)
{
    FILE *f = fopen("/proc/meminfo", "re");
    if (!f) return -1;
    char line[128];
    long long kb = -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "MemAvailable: %lld kB", &kb) == 1) break;
    fclose(f);
    return kb < 0 ? -1 : (int64_t)kb * 1024;
}

static void release(pager_region_t *r)
{
    if (r->base) munmap((void *)r->base, r->len);
    if (r->map2) munmap(r->map2, (size_t)r->frames * r->ps);
    if (r->memfd >= 0) close(r->memfd);
    if (r->file_fd >= 0) close(r->file_fd);
    if (r->swap_fd >= 0) close(r->swap_fd);
    pager_uffd_release(r);
    if (r->vp) munmap(r->vp, per_page_table_bytes(r->pages, sizeof(vpage_t)));
    free(r->fr);
    free(r->ring);
    free(r->trace);
    free(r->next_use);
    if (r->page_next) munmap(r->page_next, per_page_table_bytes(r->pages, sizeof(int64_t)));
    memset((void *)&r->ps, 0, sizeof *r - offsetof(pager_region_t, ps));
    atomic_store(&r->base, 0);
    atomic_store(&r->len, 0);
}

#define FAIL(code, ...) do { snprintf(err, errlen, __VA_ARGS__); rc = (code); goto fail; } while (0)

/* Creates a region; returns 0 and its id and base address, or a negative errno and a message in err. */
int mmaptk_pager_create(const mmaptk_pager_config *cfg, int *out_id, void **out_base, char *err, int errlen)
{
    err[0] = 0;
    long ps = sysconf(_SC_PAGESIZE);
    if (cfg->pages <= 0 || cfg->frames <= 0) {
        snprintf(err, errlen, "a pager region needs at least one page and one frame (got %lld pages, %d frames)",
                 (long long)cfg->pages, cfg->frames);
        return -EINVAL;
    }
    if (cfg->backend != PAGER_BACKEND_SIGSEGV && cfg->backend != PAGER_BACKEND_UFFD) {
        snprintf(err, errlen, "unknown pager backend %d", cfg->backend);
        return -EINVAL;
    }
    if (cfg->policy < PAGER_FIFO || cfg->policy > PAGER_WSCLOCK) {
        snprintf(err, errlen, "unknown pager policy %d", cfg->policy);
        return -EINVAL;
    }
    if (cfg->policy == PAGER_WSCLOCK && cfg->tau < 1) {
        snprintf(err, errlen, "WSClock's window tau must be at least 1 (got %lld)", (long long)cfg->tau);
        return -EINVAL;
    }
    if (!(cfg->prot & PAGER_READ) || (cfg->prot & ~(PAGER_READ | PAGER_WRITE | PAGER_EXEC))) {
        snprintf(err, errlen, "a pager region's protection must include READ (got %d)", cfg->prot);
        return -EINVAL;
    }
    if (cfg->file_offset < 0 || cfg->file_offset % ps != 0) {
        snprintf(err, errlen, "the backing file offset %lld is not a multiple of the page size %ld",
                 (long long)cfg->file_offset, ps);
        return -EINVAL;
    }
    if (cfg->frames > PAGER_MAX_FRAMES) {
        snprintf(err, errlen, "%d frames is more than the pager's limit of %d frames (every frame is populated memory)",
                 cfg->frames, PAGER_MAX_FRAMES);
        return -EINVAL;
    }
    if ((int64_t)cfg->frames > cfg->pages) {
        snprintf(err, errlen, "more frames (%d) than pages (%lld): use at most one frame per page",
                 cfg->frames, (long long)cfg->pages);
        return -EINVAL;
    }

    pthread_mutex_lock(&table_mutex);
    int rc = 0;
    pager_region_t *r = NULL;
    int slot = -1;
    for (int i = 0; i < PAGER_MAX_REGIONS; i++)
        if (!atomic_load(&pager_regions[i].active) && pager_regions[i].ps == 0) { slot = i; break; }
    if (slot < 0) {
        snprintf(err, errlen, "too many pager regions at once (at most %d)", PAGER_MAX_REGIONS);
        pthread_mutex_unlock(&table_mutex);
        return -EMFILE;
    }
    r = &pager_regions[slot];
    r->memfd = r->file_fd = r->swap_fd = r->uffd = -1;
    r->backend = cfg->backend;
    r->ps = (size_t)ps;
    r->pages = cfg->pages;
    r->frames = cfg->frames;
    r->policy = cfg->policy;
    r->prot = cfg->prot;
    r->id = slot;
    r->current_page = -1;
    r->rng = cfg->seed;
    r->lru_head = r->lru_tail = -1;
    r->tau = cfg->tau;
    atomic_store(&r->vtime, 0);

    int uffd = cfg->backend == PAGER_BACKEND_UFFD;
    int64_t budget = 0; /* a UFFD region stays one VMA however many pages are resident */
    if (!uffd && (rc = check_vma_budget(cfg->frames, &budget, err, errlen)) != 0) goto fail;
    r->vma_budget = budget;

    if ((uint64_t)cfg->pages > (SIZE_MAX / 2) / (size_t)ps)
        FAIL(-ENOMEM, "a region of %lld pages of %ld bytes is larger than any address space", (long long)cfg->pages, ps);
    size_t len = (size_t)cfg->pages * r->ps;
    char size1[32], size2[32];
    int64_t available = memory_available();
    if (available >= 0 && (int64_t)cfg->frames * ps > available / 2)
        FAIL(-ENOMEM, "a frame pool of %d frames (%s, %s) is more than half the memory available "
             "(%s, MemAvailable in /proc/meminfo): use fewer frames", cfg->frames,
             human_size((uint64_t)cfg->frames * (uint64_t)ps, size1, sizeof size1),
             uffd ? "resident at most" : "populated at creation", human_size((uint64_t)available, size2, sizeof size2));

    r->vp = per_page_table(cfg->pages, sizeof(vpage_t));
    if (!r->vp)
        FAIL(-errno, "a region of %lld pages needs %s of address space for its page table (and %s for the pages), and mmap "
             "refused it (%s): use fewer pages", (long long)cfg->pages,
             human_size(per_page_table_bytes(cfg->pages, sizeof(vpage_t)), size1, sizeof size1),
             human_size(len, size2, sizeof size2), strerror(errno));
    r->fr = calloc((size_t)cfg->frames, sizeof(frame_t));
    r->ring = calloc(PAGER_RING_CAPACITY, sizeof(mmaptk_pager_event));
    if (!r->fr || !r->ring) FAIL(-ENOMEM, "out of memory for the frame table");
    for (int32_t f = 0; f < cfg->frames; f++) { r->fr[f].page = -1; r->fr[f].lru_prev = r->fr[f].lru_next = -1; }

    if (!uffd) {
        r->memfd = memfd_create(cfg->pool_name ? cfg->pool_name : "mmaptk-pager", MFD_CLOEXEC);
        if (r->memfd < 0) FAIL(-errno, "memfd_create failed: %s", strerror(errno));
        if (ftruncate(r->memfd, (off_t)cfg->frames * ps) != 0)
            FAIL(-errno, "ftruncate of the frame pool to %lld bytes failed: %s", (long long)cfg->frames * ps, strerror(errno));
        /* Populated now: the pool is the machine's "physical memory", so its pages exist before the first fault. */
        r->map2 = mmap(NULL, (size_t)cfg->frames * r->ps, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->memfd, 0);
        if (r->map2 == MAP_FAILED) { r->map2 = NULL; FAIL(-errno, "mmap of the frame pool (MAP2) failed: %s", strerror(errno)); }
    }
    if (cfg->file_path) {
        r->file_fd = open(cfg->file_path, O_RDONLY | O_CLOEXEC);
        if (r->file_fd < 0) FAIL(-errno, "open(%s) failed: %s", cfg->file_path, strerror(errno));
        struct stat st;
        if (fstat(r->file_fd, &st) != 0) FAIL(-errno, "fstat(%s) failed: %s", cfg->file_path, strerror(errno));
        r->file_size = st.st_size;
        r->file_offset = cfg->file_offset;
        int64_t bytes = st.st_size > cfg->file_offset ? st.st_size - cfg->file_offset : 0;
        r->file_pages = (bytes + ps - 1) / ps;
        if (r->file_pages > cfg->pages) r->file_pages = cfg->pages;
    }
    if (cfg->swap_path) {
        /* O_EXCL: the swap file is the pager's own; an existing file is never touched. Unlinked at once: the descriptor
         * keeps it usable, and nothing is left behind however the process ends (kill -9 included). */
        r->swap_fd = open(cfg->swap_path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (r->swap_fd < 0 && errno == EEXIST)
            FAIL(-EEXIST, "the swap file %s already exists: the pager creates its own swap file (and unlinks it at once); name a path that does not exist", cfg->swap_path);
        if (r->swap_fd < 0) FAIL(-errno, "open(%s) for the swap file failed: %s", cfg->swap_path, strerror(errno));
        if (unlink(cfg->swap_path) != 0) FAIL(-errno, "unlink(%s) of the new swap file failed: %s", cfg->swap_path, strerror(errno));
        r->swap_slots = cfg->swap_slots > 0 ? cfg->swap_slots : cfg->pages;
    }

    void *base;
    if (uffd) {
        if ((rc = pager_uffd_setup(r, len, err, errlen)) != 0) goto fail;
        base = (void *)atomic_load(&r->base);
    } else {
        base = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (base == MAP_FAILED)
            FAIL(-errno, "a region of %lld pages needs %s of address space, and mmap refused it (%s): use fewer pages",
                 (long long)cfg->pages, human_size(len, size1, sizeof size1), strerror(errno));
        atomic_store(&r->base, (uintptr_t)base);
        atomic_store(&r->len, len);
    }
    if (!handler_installed) {
        if ((rc = pager_install_handler(err, errlen)) != 0) goto fail;
        handler_installed = 1;
    }
    live_regions++;
    reserved_vmas += budget;
    atomic_store_explicit(&r->active, 1, memory_order_release);
    pthread_mutex_unlock(&table_mutex);
    *out_id = slot;
    *out_base = base;
    return 0;

fail:
    release(r);
    pthread_mutex_unlock(&table_mutex);
    return rc;
}

/* Callers hold table_mutex, so the region cannot be destroyed while they use it. */
static pager_region_t *region_by_id(int id)
{
    if (id < 0 || id >= PAGER_MAX_REGIONS || !atomic_load(&pager_regions[id].active)) return NULL;
    return &pager_regions[id];
}

/* Unmaps everything, closes the pool and the files (the swap file was unlinked at creation, so closing it frees
 * its blocks); the last region takes the handler away. */
int mmaptk_pager_destroy(int id)
{
    pthread_mutex_lock(&table_mutex);
    pager_region_t *r = region_by_id(id);
    if (!r) { pthread_mutex_unlock(&table_mutex); return -EINVAL; }
    pager_lock(r);
    atomic_store_explicit(&r->active, 0, memory_order_release);
    pager_unlock(r);
    reserved_vmas -= r->vma_budget;
    release(r);
    if (--live_regions == 0 && handler_installed && pager_remove_handler())
        handler_installed = 0;   /* if another handler sits on top of ours, ours stays installed, and known to be */
    pthread_mutex_unlock(&table_mutex);
    return 0;
}

static int locked_stats_get(int id, mmaptk_pager_stats *out)
{
    pager_region_t *r = region_by_id(id);
    if (!r) return -EINVAL;
    pager_lock(r);
    *out = r->stats;
    out->events = atomic_load(&r->head);
    pager_unlock(r);
    return 0;
}

int mmaptk_pager_stats_get(int id, mmaptk_pager_stats *out) { UNDER_TABLE_LOCK(int, locked_stats_get(id, out)); }

/* OPT: the future. Copies the trace's page numbers and links each reference to the next use of the same page. */
static int locked_set_trace(int id, const int64_t *pages, int64_t n)
{
    pager_region_t *r = region_by_id(id);
    if (!r || n < 0) return -EINVAL;
    for (int64_t i = 0; i < n; i++)
        if (pages[i] < 0 || pages[i] >= r->pages) return -ERANGE;
    int64_t *trace = malloc((size_t)(n ? n : 1) * sizeof *trace);
    int64_t *next = malloc((size_t)(n ? n : 1) * sizeof *next);
    int64_t *pnext = per_page_table(r->pages, sizeof *pnext);
    if (!trace || !next || !pnext) {
        free(trace); free(next);
        if (pnext) munmap(pnext, per_page_table_bytes(r->pages, sizeof *pnext));
        return -ENOMEM;
    }
    memcpy(trace, pages, (size_t)n * sizeof *trace);
    /* pnext (position + 1, 0 = never) doubles as "first use after position i" while scanning backwards. */
    for (int64_t i = n - 1; i >= 0; i--) { next[i] = pnext[trace[i]] ? pnext[trace[i]] - 1 : n; pnext[trace[i]] = i + 1; }
    pager_lock(r);
    int64_t *old[3] = { r->trace, r->next_use, r->page_next };
    r->trace = trace; r->next_use = next; r->page_next = pnext; r->trace_len = n;
    pager_unlock(r);
    free(old[0]); free(old[1]);
    if (old[2]) munmap(old[2], per_page_table_bytes(r->pages, sizeof *pnext));
    return 0;
}

int mmaptk_pager_set_trace(int id, const int64_t *pages, int64_t n) { UNDER_TABLE_LOCK(int, locked_set_trace(id, pages, n)); }

/* OPT: the replay driver is about to make reference number pos; from now on that page's next use is the one after. */
static int locked_set_position(int id, int64_t pos)
{
    pager_region_t *r = region_by_id(id);
    if (!r) return -EINVAL;
    pager_lock(r);
    int rc = 0;
    if (!r->trace || pos < 0 || pos >= r->trace_len) rc = -ERANGE;
    else r->page_next[r->trace[pos]] = r->next_use[pos] + 1;
    pager_unlock(r);
    return rc;
}

int mmaptk_pager_set_position(int id, int64_t pos) { UNDER_TABLE_LOCK(int, locked_set_position(id, pos)); }

/* The frame holding a page, or -1 (for demos that print the frame table). */
static int32_t locked_frame_of(int id, int64_t page)
{
    pager_region_t *r = region_by_id(id);
    if (!r || page < 0 || page >= r->pages) return -1;
    pager_lock(r);
    int32_t f = vp_frame(&r->vp[page]);
    pager_unlock(r);
    return f;
}

int32_t mmaptk_pager_frame_of(int id, int64_t page) { UNDER_TABLE_LOCK(int32_t, locked_frame_of(id, page)); }

/* The page in a frame, or -1 (free). */
static int64_t locked_page_in(int id, int32_t frame)
{
    pager_region_t *r = region_by_id(id);
    if (!r || frame < 0 || frame >= r->frames) return -1;
    pager_lock(r);
    int64_t p = r->fr[frame].page;
    pager_unlock(r);
    return p;
}

int64_t mmaptk_pager_page_in(int id, int32_t frame) { UNDER_TABLE_LOCK(int64_t, locked_page_in(id, frame)); }

/* WSClock's clock lives in the region; the program writes it between faults, the handler reads it. */
static int64_t *locked_virtual_time(int id)
{
    pager_region_t *r = region_by_id(id);
    return r ? (int64_t *)&r->vtime : NULL;
}

int64_t *mmaptk_pager_virtual_time(int id) { UNDER_TABLE_LOCK(int64_t *, locked_virtual_time(id)); }

static int locked_uffd_how(int id)
{
    pager_region_t *r = region_by_id(id);
    if (!r) return -EINVAL;
    return r->backend == PAGER_BACKEND_UFFD ? r->uffd_how : PAGER_UFFD_NONE;
}

int mmaptk_pager_uffd_how(int id) { UNDER_TABLE_LOCK(int, locked_uffd_how(id)); }
