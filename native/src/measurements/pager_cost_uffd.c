/*
 * userfaultfd rows of `mmaptk pager cost`: the same write-once sweep over fresh pages as pager_cost.c, on a region
 * registered with UFFDIO_REGISTER_MODE_MISSING, resolved
 *   - in the faulting thread: UFFD_FEATURE_SIGBUS turns the missing-page fault into a SIGBUS whose handler resolves
 *     it with UFFDIO_ZEROPAGE (maps the shared zero page, so the retried store then takes the kernel's own
 *     copy-on-write fault) or UFFDIO_COPY of a 4 KiB source page (one fault, page mapped writable);
 *   - by a separate handler thread (a C pthread) that reads UFFD_EVENT_PAGEFAULT messages and answers with
 *     UFFDIO_ZEROPAGE, which also wakes the faulting thread.
 * Every repetition checks that the handler resolved each page exactly once. Return values: 0 measured, 1 userfaultfd
 * is not available here (the reason is in err), a negative errno when something else failed (the reason in err).
 */
#include "pager_api.h"
#include "pager.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include "uffd_open.h"
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define UFFD_UNAVAILABLE 1

static double uffd_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static long thread_minor_faults(void)
{
    struct rusage ru;
    getrusage(RUSAGE_THREAD, &ru);
    return ru.ru_minflt;
}

/* A userfaultfd with the API handshake done and `features` granted: the syscall, then the syscall limited to
 * user-mode faults (allowed unprivileged when vm.unprivileged_userfaultfd is 0), then /dev/userfaultfd. */
static int uffd_open_api(uint64_t features, int flags, char *err, int errlen)
{
    uffd_open_attempts_t attempts;
    int fd = uffd_open(flags, &attempts);
    if (fd < 0) {
        uffd_describe_refusal(&attempts, err, errlen);
        return -UFFD_UNAVAILABLE;
    }
    struct uffdio_api api = { .api = UFFD_API, .features = features };
    if (ioctl(fd, UFFDIO_API, &api) != 0 || (api.features & features) != features) {
        int e = errno;
        snprintf(err, (size_t)errlen, "userfaultfd unavailable: UFFDIO_API with features 0x%llx: %s",
                 (unsigned long long)features, uffd_errname(e));
        close(fd);
        return -UFFD_UNAVAILABLE;
    }
    return fd;
}

/* A fresh private anonymous region of `len` bytes registered for missing-page faults, with `need` among its ioctls. */
static uint8_t *uffd_region(int fd, size_t len, uint64_t need, char *err, int errlen, int *rc)
{
    uint8_t *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        *rc = -errno;
        snprintf(err, (size_t)errlen, "mmap of %zu bytes: %s", len, uffd_errname(errno));
        return NULL;
    }
    madvise(p, len, MADV_NOHUGEPAGE);
    struct uffdio_register reg = { .range = { .start = (uintptr_t)p, .len = len }, .mode = UFFDIO_REGISTER_MODE_MISSING };
    errno = 0;
    if (ioctl(fd, UFFDIO_REGISTER, &reg) != 0 || (reg.ioctls & need) != need) {
        int e = (reg.ioctls & need) != need && errno == 0 ? EOPNOTSUPP : errno;
        munmap(p, len);
        int unavailable = e == EINVAL || e == EPERM || e == EOPNOTSUPP;
        snprintf(err, (size_t)errlen, "%sUFFDIO_REGISTER (missing mode): %s", unavailable ? "userfaultfd unavailable: " : "", uffd_errname(e));
        *rc = unavailable ? UFFD_UNAVAILABLE : -e;
        return NULL;
    }
    return p;
}

/* Gives up on the region: after UFFDIO_UNREGISTER the retried access (and any waiting one) is an ordinary
 * demand-zero fault, so a failed resolution ends the sweep with an error instead of faulting forever. */
static void uffd_abandon(int fd, uint8_t *base, size_t len)
{
    struct uffdio_range r = { .start = (uintptr_t)base, .len = len };
    ioctl(fd, UFFDIO_UNREGISTER, &r);
}

/* Resolves one missing page: 0, or the errno of the ioctl (EEXIST = someone else already mapped it). */
static int uffd_resolve(int fd, uintptr_t page, size_t ps, const uint8_t *copy_src)
{
    for (int attempt = 0; attempt < 100; attempt++) {
        int r;
        if (copy_src) {
            struct uffdio_copy c = { .dst = page, .src = (uintptr_t)copy_src, .len = ps, .mode = 0 };
            r = ioctl(fd, UFFDIO_COPY, &c);
        } else {
            struct uffdio_zeropage z = { .range = { .start = page, .len = ps }, .mode = 0 };
            r = ioctl(fd, UFFDIO_ZEROPAGE, &z);
        }
        if (r == 0) return 0;
        if (errno != EAGAIN) return errno;
    }
    return EAGAIN;
}

/* ---- SIGBUS in the faulting thread ---- */

static uint8_t *sb_base;
static size_t sb_len, sb_ps;
static int sb_fd = -1;
static const uint8_t *sb_src;
static volatile long sb_entries, sb_failures, sb_repeats;
static volatile int sb_first_errno;
static struct sigaction sb_prev;

static void uffd_sigbus_handler(int sig, siginfo_t *si, void *ctx)
{
    uintptr_t a = (uintptr_t)si->si_addr;
    if (si->si_code > 0 && sb_base && a >= (uintptr_t)sb_base && a - (uintptr_t)sb_base < sb_len) {
        int saved = errno;
        sb_entries++;
        int e = uffd_resolve(sb_fd, a & ~(uintptr_t)(sb_ps - 1), sb_ps, sb_src);
        if (e == EEXIST) {
            sb_repeats++;               /* the page is there already: the store simply runs again */
        } else if (e) {
            sb_failures++;
            if (!sb_first_errno) sb_first_errno = e;
            uffd_abandon(sb_fd, sb_base, sb_len);
        }
        errno = saved;
        return;
    }
    if (sb_prev.sa_flags & SA_SIGINFO) {
        sb_prev.sa_sigaction(sig, si, ctx);
    } else if (sb_prev.sa_handler == SIG_DFL || (sb_prev.sa_handler == SIG_IGN && si->si_code > 0)) {
        /* A fault is never ignored by the kernel: back to the default, and the access kills as it would have. */
        struct sigaction dfl;
        memset(&dfl, 0, sizeof dfl);
        dfl.sa_handler = SIG_DFL;
        sigaction(sig, &dfl, NULL);
        if (si->si_code <= 0) raise(sig);
    } else if (sb_prev.sa_handler != SIG_IGN) {
        sb_prev.sa_handler(sig);
    }
}

/* One sweep per repetition over `pages` fresh pages; fill = 0 resolves with UFFDIO_ZEROPAGE, 1 with UFFDIO_COPY of
 * a 4 KiB page of 0x5a. kernel_faults gets the minor faults getrusage(RUSAGE_THREAD) counted in the timed loops
 * (the SIGBUS fault itself is not counted; ZEROPAGE's copy-on-write on the retried store is). Installs its SIGBUS
 * handler for the duration of each sweep (chaining anything else) and restores the previous action. */
int mmaptk_pager_cost_uffd_sigbus(int64_t pages, int reps, int fill, double *ns_per_fault, int64_t *kernel_faults,
                                  char *err, int errlen)
{
    err[0] = 0;
    *kernel_faults = 0;
    size_t ps = (size_t)sysconf(_SC_PAGESIZE);
    size_t len = (size_t)pages * ps;
    int fd = uffd_open_api(UFFD_FEATURE_SIGBUS, 0, err, errlen);
    if (fd < 0) return fd == -UFFD_UNAVAILABLE ? UFFD_UNAVAILABLE : fd;
    uint8_t *src = NULL;
    if (fill) {
        src = mmap(NULL, ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (src == MAP_FAILED) { int e = errno; close(fd); snprintf(err, (size_t)errlen, "mmap: %s", uffd_errname(e)); return -e; }
        memset(src, 0x5a, ps);
    }
    uint64_t need = ((uint64_t)1 << (fill ? _UFFDIO_COPY : _UFFDIO_ZEROPAGE));
    struct sigaction sa;
    int rc = 0;
    for (int rep = 0; rep < reps && rc == 0; rep++) {
        uint8_t *p = uffd_region(fd, len, need, err, errlen, &rc);
        if (!p) break;
        sb_ps = ps;
        sb_len = len;
        sb_fd = fd;
        sb_src = src;
        sb_entries = sb_failures = sb_repeats = 0;
        sb_first_errno = 0;
        sb_base = p;
        /* Save the runtime's action before ours is in place, so a SIGBUS in between never chains to a stale one;
         * ours takes its mask and its choice of stack. */
        int got_prev = sigaction(SIGBUS, NULL, &sb_prev) == 0;
        if (got_prev) pager_chained_action(&sa, &sb_prev, uffd_sigbus_handler, 0);
        if (!got_prev || sigaction(SIGBUS, &sa, NULL) != 0) {
            rc = -errno;
            snprintf(err, (size_t)errlen, "sigaction(SIGBUS): %s", uffd_errname(errno));
            sb_base = NULL;
            munmap(p, len);
            break;
        }
        long f0 = thread_minor_faults();
        double t0 = uffd_now_ns();
        for (int64_t i = 0; i < pages; i++) ((volatile uint8_t *)p)[(size_t)i * ps] = 1;
        ns_per_fault[rep] = (uffd_now_ns() - t0) / (double)pages;
        *kernel_faults += thread_minor_faults() - f0;
        sigaction(SIGBUS, &sb_prev, NULL);
        sb_base = NULL;
        if (sb_failures || sb_entries - sb_repeats != pages || (fill && p[ps + 1] != 0x5a)) {
            rc = -EPROTO;
            snprintf(err, (size_t)errlen, "SIGBUS handler entered %ld times for %lld pages, %ld failed resolutions (%s)",
                     (long)sb_entries, (long long)pages, (long)sb_failures, sb_first_errno ? uffd_errname(sb_first_errno) : "none");
        }
        munmap(p, len);
    }
    sb_fd = -1;
    if (src) munmap(src, ps);
    close(fd);
    return rc;
}

/* ---- a separate handler thread ---- */

typedef struct {
    int fd, stop_fd;
    uint8_t *base;
    size_t len, ps;
    long entries, failures, repeats;
    int first_errno;
} uffd_thread_state;

static void *uffd_handler_thread(void *arg)
{
    uffd_thread_state *st = arg;
    struct pollfd pfd[2] = { { .fd = st->fd, .events = POLLIN }, { .fd = st->stop_fd, .events = POLLIN } };
    for (;;) {
        if (poll(pfd, 2, -1) < 0) {
            if (errno == EINTR) continue;
            /* Stop serving, but never leave the measuring thread waiting on a fault nobody will resolve. */
            __atomic_add_fetch(&st->failures, 1, __ATOMIC_RELAXED);
            if (!st->first_errno) st->first_errno = errno;
            uffd_abandon(st->fd, st->base, st->len);
            break;
        }
        if (pfd[0].revents & (POLLERR | POLLHUP | POLLNVAL)) {
            st->failures++;
            if (!st->first_errno) st->first_errno = EIO;
            uffd_abandon(st->fd, st->base, st->len);
            break;
        }
        if (pfd[0].revents & POLLIN) {
            struct uffd_msg msg;
            ssize_t n = read(st->fd, &msg, sizeof msg);   /* EAGAIN: another wake-up took it; poll again */
            if (n == (ssize_t)sizeof msg && msg.event == UFFD_EVENT_PAGEFAULT) {
                uintptr_t page = (uintptr_t)msg.arg.pagefault.address & ~(uintptr_t)(st->ps - 1);
                __atomic_add_fetch(&st->entries, 1, __ATOMIC_RELAXED);
                int e = uffd_resolve(st->fd, page, st->ps, NULL);
                if (e == EEXIST) {
                    /* A second event for a page already resolved (the thread retried after a signal): wake it. */
                    struct uffdio_range r = { .start = page, .len = st->ps };
                    ioctl(st->fd, UFFDIO_WAKE, &r);
                    __atomic_add_fetch(&st->repeats, 1, __ATOMIC_RELAXED);
                } else if (e) {
                    __atomic_add_fetch(&st->failures, 1, __ATOMIC_RELAXED);
                    if (!st->first_errno) st->first_errno = e;
                    uffd_abandon(st->fd, st->base, st->len);
                }
            }
        }
        if (pfd[1].revents) break;
    }
    return NULL;
}

/* One sweep per repetition over `pages` fresh pages; a handler thread started before and joined after each sweep
 * resolves every fault with UFFDIO_ZEROPAGE. kernel_faults as for the SIGBUS variant. */
int mmaptk_pager_cost_uffd_thread(int64_t pages, int reps, double *ns_per_fault, int64_t *kernel_faults, char *err, int errlen)
{
    err[0] = 0;
    *kernel_faults = 0;
    size_t ps = (size_t)sysconf(_SC_PAGESIZE);
    size_t len = (size_t)pages * ps;
    int fd = uffd_open_api(0, O_NONBLOCK, err, errlen);   /* poll() on a blocking uffd only ever says POLLERR */
    if (fd < 0) return fd == -UFFD_UNAVAILABLE ? UFFD_UNAVAILABLE : fd;
    int rc = 0;
    for (int rep = 0; rep < reps && rc == 0; rep++) {
        uint8_t *p = uffd_region(fd, len, (uint64_t)1 << _UFFDIO_ZEROPAGE, err, errlen, &rc);
        if (!p) break;
        int stop[2];
        if (pipe2(stop, O_CLOEXEC) != 0) {
            rc = -errno;
            snprintf(err, (size_t)errlen, "pipe2: %s", uffd_errname(errno));
            munmap(p, len);
            break;
        }
        uffd_thread_state st = { .fd = fd, .stop_fd = stop[0], .base = p, .len = len, .ps = ps };
        pthread_t th;
        int e = pthread_create(&th, NULL, uffd_handler_thread, &st);
        if (e) {
            rc = -e;
            snprintf(err, (size_t)errlen, "pthread_create: %s", uffd_errname(e));
        } else {
            long f0 = thread_minor_faults();
            double t0 = uffd_now_ns();
            for (int64_t i = 0; i < pages; i++) ((volatile uint8_t *)p)[(size_t)i * ps] = 1;
            ns_per_fault[rep] = (uffd_now_ns() - t0) / (double)pages;
            *kernel_faults += thread_minor_faults() - f0;
            char c = 0;
            while (write(stop[1], &c, 1) < 0 && errno == EINTR) { }
            pthread_join(th, NULL);
            long entries = __atomic_load_n(&st.entries, __ATOMIC_RELAXED) - __atomic_load_n(&st.repeats, __ATOMIC_RELAXED);
            if (st.failures || entries != pages) {
                rc = -EPROTO;
                snprintf(err, (size_t)errlen, "handler thread resolved %ld faults for %lld pages, %ld failed (%s)",
                         entries, (long long)pages, st.failures, st.first_errno ? uffd_errname(st.first_errno) : "none");
            }
        }
        close(stop[0]);
        close(stop[1]);
        munmap(p, len);
    }
    close(fd);
    return rc;
}
