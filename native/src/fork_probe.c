/*
 * fork_probe.c: see fork_probe.h. The parent allocates everything; the child (created with a raw clone, so
 * no pthread_atfork handler of the runtime or of any library runs in it) only makes raw system calls and
 * leaves with _exit. Its report goes through a pipe in one fixed layout.
 */
#include "fork_probe.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif

/* Everything one process (child or grandchild) needs, allocated before the fork. */
typedef struct plan {
    int present;
    mmaptk_fp_touch *touches;
    uint64_t touch_count;
    uint64_t *watch;
    uint64_t watch_count;
    int hold;
    int gate;
    unsigned char *report;      /* the child fills its copy; the parent receives into its own copy */
    uint64_t report_len;
    uint64_t received;          /* parent side: bytes of the report read so far */
    int report_r, report_w;
} plan;

struct mmaptk_fp {
    pid_t pid;
    int pidfd;
    int release_r, release_w;
    int gate_r, gate_w;
    int gate_opened;
    int released;
    int64_t fork_ns;
    int reaped;
    int wstatus;
    long page_size;
    plan p[2];
};

/* ---------- helpers usable in the child (raw system calls only) ---------- */

static long raw(long nr, long a, long b, long c, long d, long e)
{
    return syscall(nr, a, b, c, d, e);
}

static int64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int write_all(int fd, const unsigned char *buf, uint64_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -errno;
        }
        buf += n;
        len -= (uint64_t)n;
    }
    return 0;
}

/* Reads the pagemap entries of `count` page addresses into out, one pread per run of consecutive pages. */
static int read_pagemap(int fd, const uint64_t *pages, uint64_t count, long page_size, uint64_t *out)
{
    uint64_t i = 0;
    while (i < count) {
        uint64_t j = i + 1;
        while (j < count && pages[j] == pages[j - 1] + (uint64_t)page_size) j++;
        uint64_t want = (j - i) * sizeof(uint64_t);
        uint64_t got = 0;
        off_t offset = (off_t)(pages[i] / (uint64_t)page_size * sizeof(uint64_t));
        while (got < want) {
            ssize_t n = pread(fd, (unsigned char *)(out + i) + got, want - got, offset + (off_t)got);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return n < 0 ? -errno : -EIO;
            got += (uint64_t)n;
        }
        i = j;
    }
    return 0;
}

/* The measured work. Not inlined, so the warm-up call faults in exactly the code the measured call runs. */
__attribute__((noinline)) static void run_touches(const mmaptk_fp_touch *touches, uint64_t count)
{
    for (uint64_t i = 0; i < count; i++) {
        volatile unsigned char *at = (volatile unsigned char *)(uintptr_t)touches[i].address;
        if (touches[i].write) *at = (unsigned char)touches[i].value;
        else (void)*at;
    }
}

static int thread_usage(struct rusage *ru)
{
    return raw(SYS_getrusage, RUSAGE_THREAD, (long)ru, 0, 0, 0) == 0 ? 0 : -errno;
}

/* No handler of the runtime may run here (its SIGCHLD handler, say, when the grandchild exits): every signal
 * goes back to its default action, except SIGPIPE, ignored so a write to a closed pipe fails with EPIPE. A bad
 * address in a workload then simply kills the child. */
static void default_signals(void)
{
    struct { void *handler; unsigned long flags; void *restorer; uint64_t mask; } act;
    memset(&act, 0, sizeof act);
    for (int sig = 1; sig <= 64; sig++) {
        if (sig == SIGKILL || sig == SIGSTOP) continue;
        act.handler = sig == SIGPIPE ? (void *)SIG_IGN : (void *)SIG_DFL;
        raw(SYS_rt_sigaction, sig, (long)&act, 0, 8, 0);
    }
    uint64_t none = 0;
    raw(SYS_rt_sigprocmask, SIG_SETMASK, (long)&none, 0, 8, 0);
}

/* Closes every descriptor >= 3 except the (at most 8) in keep, so a sibling never holds our pipes open. */
static void close_all_but(int *keep, int n)
{
    for (int i = 1; i < n; i++)            /* insertion sort; n is tiny */
        for (int j = i; j > 0 && keep[j - 1] > keep[j]; j--) { int t = keep[j]; keep[j] = keep[j - 1]; keep[j - 1] = t; }
    unsigned first = 3;
    for (int i = 0; i < n; i++) {
        if (keep[i] < 3) continue;
        if ((unsigned)keep[i] > first) raw(SYS_close_range, first, keep[i] - 1, 0, 0, 0);
        first = (unsigned)keep[i] + 1;
    }
    raw(SYS_close_range, first, ~0U, 0, 0, 0);
}

static void fail(mmaptk_fp_report *r, int step, int err)
{
    if (r->failed_step == MMAPTK_FP_OK) {
        r->failed_step = step;
        r->error = err;
    }
}

/* Runs plan `which` in the calling (forked) process and writes its report. Returns nothing; errors go in the report. */
static void run_plan(mmaptk_fp *fp, int which)
{
    plan *p = &fp->p[which];
    mmaptk_fp_report *r = (mmaptk_fp_report *)p->report;
    uint64_t *before = (uint64_t *)(p->report + sizeof *r);
    uint64_t *after = before + p->watch_count;

    /* The report buffer is copy-on-write now: take those faults here, outside the measured window. */
    for (uint64_t off = 0; off < p->report_len; off += 256) p->report[off] = 0;
    p->report[p->report_len - 1] = 0;

    r->magic = MMAPTK_FP_MAGIC;
    r->pid = (int32_t)raw(SYS_getpid, 0, 0, 0, 0, 0);
    r->touch_count = p->touch_count;
    r->watch_count = p->watch_count;

    int pm = -1;
    if (p->watch_count > 0) {
        pm = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
        if (pm < 0) fail(r, MMAPTK_FP_OPEN_PAGEMAP, errno);
        else {
            int rc = read_pagemap(pm, p->watch, p->watch_count, fp->page_size, before);
            if (rc < 0) fail(r, MMAPTK_FP_READ_PAGEMAP_BEFORE, -rc);
        }
    }

    struct rusage ru0, ru1;
    int64_t t0, t1;
    /* Warm-up: the first call of each of these faults in code and vDSO pages the fork did not copy. */
    thread_usage(&ru0);
    t0 = now_ns();
    run_touches(p->touches, 0);

    int rc0 = thread_usage(&ru0);
    t0 = now_ns();
    run_touches(p->touches, p->touch_count);
    t1 = now_ns();
    int rc1 = thread_usage(&ru1);

    if (rc0 < 0 || rc1 < 0) fail(r, MMAPTK_FP_GETRUSAGE, rc0 < 0 ? -rc0 : -rc1);
    r->minor_faults = ru1.ru_minflt - ru0.ru_minflt;
    r->major_faults = ru1.ru_majflt - ru0.ru_majflt;
    r->elapsed_ns = t1 - t0;

    if (pm >= 0) {
        int rc = read_pagemap(pm, p->watch, p->watch_count, fp->page_size, after);
        if (rc < 0) fail(r, MMAPTK_FP_READ_PAGEMAP_AFTER, -rc);
        close(pm);
    }

}

static void send_report(plan *p)
{
    write_all(p->report_w, p->report, p->report_len);
    close(p->report_w);
}

static void wait_for_release(mmaptk_fp *fp)
{
    char b;
    for (;;) {
        ssize_t n = read(fp->release_r, &b, 1);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;     /* EOF: the parent released us (or is gone) */
    }
}

__attribute__((noreturn)) static void grandchild_main(mmaptk_fp *fp, pid_t child)
{
    raw(SYS_prctl, PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    if (raw(SYS_getppid, 0, 0, 0, 0, 0) != child) _exit(4);
    run_plan(fp, 1);
    send_report(&fp->p[1]);
    if (fp->p[1].hold) wait_for_release(fp);
    _exit(0);
}

__attribute__((noreturn)) static void child_main(mmaptk_fp *fp)
{
    default_signals();
    int keep[4] = { fp->p[0].report_w, fp->p[1].report_w, fp->release_r, fp->gate_r };
    close_all_but(keep, 4);

    if (fp->p[0].gate) {
        char b;
        ssize_t n;
        do n = read(fp->gate_r, &b, 1); while (n < 0 && errno == EINTR);
        if (n != 1) _exit(3);   /* gate closed without "go": the parent gave up */
        close(fp->gate_r);
    }

    run_plan(fp, 0);

    /* The grandchild is forked after the child's measured window, and its pid goes in the child's report. */
    pid_t grandchild = -1;
    if (fp->p[1].present) {
        pid_t self = (pid_t)raw(SYS_getpid, 0, 0, 0, 0, 0);
        long g = raw(SYS_clone, SIGCHLD, 0, 0, 0, 0);
        if (g == 0) grandchild_main(fp, self);
        if (g > 0) grandchild = (pid_t)g;
        else fail((mmaptk_fp_report *)fp->p[0].report, MMAPTK_FP_FORK_GRANDCHILD, errno);
        close(fp->p[1].report_w);   /* so the parent sees EOF if the grandchild dies without reporting */
        ((mmaptk_fp_report *)fp->p[0].report)->grandchild_pid = grandchild;
    }
    send_report(&fp->p[0]);

    if (fp->p[0].hold) wait_for_release(fp);
    if (grandchild > 0) {
        int st;
        while (waitpid(grandchild, &st, 0) < 0 && errno == EINTR) {}
    }
    _exit(0);
}

/* ---------- parent side ---------- */

static void close_fd(int *fd)
{
    if (*fd >= 0) close(*fd);
    *fd = -1;
}

static void free_plan(plan *p)
{
    free(p->touches);
    free(p->watch);
    free(p->report);
    close_fd(&p->report_r);
    close_fd(&p->report_w);
}

static void free_probe(mmaptk_fp *fp)
{
    free_plan(&fp->p[0]);
    free_plan(&fp->p[1]);
    close_fd(&fp->release_r);
    close_fd(&fp->release_w);
    close_fd(&fp->gate_r);
    close_fd(&fp->gate_w);
    close_fd(&fp->pidfd);
    free(fp);
}

static int make_plan(plan *p, const mmaptk_fp_workload *w, int allow_gate)
{
    p->present = 1;
    p->hold = w->hold != 0;
    p->gate = allow_gate && w->gate != 0;
    if (w->touch_count > (1ULL << 28) || w->watch_count > (1ULL << 26)) return -E2BIG;
    if ((w->touch_count && !w->touches) || (w->watch_count && !w->watch)) return -EFAULT;
    p->touch_count = w->touch_count;
    p->watch_count = w->watch_count;
    p->touches = malloc(w->touch_count ? w->touch_count * sizeof *p->touches : 1);
    p->watch = malloc(w->watch_count ? w->watch_count * sizeof *p->watch : 1);
    p->report_len = sizeof(mmaptk_fp_report) + 2 * w->watch_count * sizeof(uint64_t);
    p->report = calloc(1, p->report_len);
    if (!p->touches || !p->watch || !p->report) return -ENOMEM;
    if (w->touch_count) memcpy(p->touches, w->touches, w->touch_count * sizeof *p->touches);
    if (w->watch_count) memcpy(p->watch, w->watch, w->watch_count * sizeof *p->watch);

    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return -errno;
    p->report_r = fds[0];
    p->report_w = fds[1];
    /* Best effort: a pipe big enough for the whole report lets the child finish without waiting for us. */
    uint64_t want = p->report_len < (1u << 20) ? p->report_len : (1u << 20);
    if (want > 65536) fcntl(p->report_w, F_SETPIPE_SZ, (int)want);
    return 0;
}

int mmaptk_fp_start(const mmaptk_fp_workload *child, const mmaptk_fp_workload *grandchild, mmaptk_fp **out)
{
    if (!child || !out) return -EFAULT;
    *out = NULL;
    mmaptk_fp *fp = calloc(1, sizeof *fp);
    if (!fp) return -ENOMEM;
    fp->pidfd = fp->release_r = fp->release_w = fp->gate_r = fp->gate_w = -1;
    fp->p[0].report_r = fp->p[0].report_w = fp->p[1].report_r = fp->p[1].report_w = -1;
    fp->page_size = sysconf(_SC_PAGESIZE);

    int rc = make_plan(&fp->p[0], child, 1);
    if (rc == 0 && grandchild) rc = make_plan(&fp->p[1], grandchild, 0);
    int fds[2];
    if (rc == 0) {
        if (pipe2(fds, O_CLOEXEC) == 0) { fp->release_r = fds[0]; fp->release_w = fds[1]; }
        else rc = -errno;
    }
    if (rc == 0 && fp->p[0].gate) {
        if (pipe2(fds, O_CLOEXEC) == 0) { fp->gate_r = fds[0]; fp->gate_w = fds[1]; }
        else rc = -errno;
    }
    if (rc != 0) {
        free_probe(fp);
        return rc;
    }

    int pidfd = -1;
    int64_t t0 = now_ns();
    long pid = raw(SYS_clone, CLONE_PIDFD | SIGCHLD, 0, (long)&pidfd, 0, 0);
    int64_t t1 = now_ns();
    if (pid == 0) child_main(fp);
    if (pid < 0) {
        rc = -errno;
        free_probe(fp);
        return rc;
    }
    fp->pid = (pid_t)pid;
    fp->pidfd = pidfd;
    fp->fork_ns = t1 - t0;
    close_fd(&fp->p[0].report_w);
    close_fd(&fp->p[1].report_w);
    close_fd(&fp->release_r);
    close_fd(&fp->gate_r);
    *out = fp;
    return 0;
}

int32_t mmaptk_fp_pid(const mmaptk_fp *fp) { return fp->pid; }

int64_t mmaptk_fp_fork_ns(const mmaptk_fp *fp) { return fp->fork_ns; }

uint64_t mmaptk_fp_report_size(const mmaptk_fp *fp, int which)
{
    if (which < 0 || which > 1 || !fp->p[which].present) return 0;
    return fp->p[which].report_len;
}

int mmaptk_fp_go(mmaptk_fp *fp)
{
    if (fp->gate_w < 0) return fp->gate_opened ? 0 : -EINVAL;
    int rc = write_all(fp->gate_w, (const unsigned char *)"g", 1);
    close_fd(&fp->gate_w);
    fp->gate_opened = 1;
    return rc;
}

static int remaining_ms(int64_t deadline)
{
    if (deadline < 0) return -1;
    int64_t left = deadline - now_ns();
    if (left <= 0) return 0;
    return (int)((left + 999999) / 1000000);
}

int mmaptk_fp_await_report(mmaptk_fp *fp, int which, int timeout_ms, void *buf, uint64_t len)
{
    if (which < 0 || which > 1 || !fp->p[which].present) return -EINVAL;
    plan *p = &fp->p[which];
    if (len < p->report_len) return -EINVAL;
    int64_t deadline = timeout_ms < 0 ? -1 : now_ns() + (int64_t)timeout_ms * 1000000;
    while (p->received < p->report_len) {
        if (p->report_r < 0) return -ECHILD;
        struct pollfd pfd = { .fd = p->report_r, .events = POLLIN };
        int n = poll(&pfd, 1, remaining_ms(deadline));
        if (n < 0) {
            if (errno == EINTR) continue;
            return -errno;
        }
        if (n == 0) return -ETIMEDOUT;
        ssize_t got = read(p->report_r, p->report + p->received, p->report_len - p->received);
        if (got < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            return -errno;
        }
        if (got == 0) {         /* every writer is gone and the report is incomplete */
            close_fd(&p->report_r);
            return -ECHILD;
        }
        p->received += (uint64_t)got;
    }
    memcpy(buf, p->report, p->report_len);
    return 0;
}

int mmaptk_fp_release(mmaptk_fp *fp)
{
    fp->released = 1;
    close_fd(&fp->release_w);
    return 0;
}

int mmaptk_fp_wait(mmaptk_fp *fp, int timeout_ms, int *wstatus)
{
    if (!fp->reaped) {
        int64_t deadline = timeout_ms < 0 ? -1 : now_ns() + (int64_t)timeout_ms * 1000000;
        for (;;) {
            struct pollfd pfd = { .fd = fp->pidfd, .events = POLLIN };
            int n = poll(&pfd, 1, remaining_ms(deadline));
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) return -errno;
            if (n == 0) return -ETIMEDOUT;
            break;
        }
        int st = 0;
        pid_t r;
        while ((r = waitpid(fp->pid, &st, 0)) < 0 && errno == EINTR) {}
        if (r < 0) return -errno;
        fp->reaped = 1;
        fp->wstatus = st;
    }
    if (wstatus) *wstatus = fp->wstatus;
    return 0;
}

int mmaptk_fp_kill(mmaptk_fp *fp)
{
    if (fp->reaped) return 0;
    if (fp->p[1].present) {
        /* Kill the grandchild first and let the child reap it: an orphaned zombie would be left to init,
         * which does not always reap (a container's pid 1). Its pid is safe to signal only while the child is
         * held and unreleased: a child that is not held reaps its grandchild at once, and the pid may be reused.
         * Otherwise the grandchild dies with the child (PR_SET_PDEATHSIG). */
        if (fp->p[0].received < fp->p[0].report_len && !fp->released) {
            unsigned char *tmp = malloc(fp->p[0].report_len);
            if (tmp) { mmaptk_fp_await_report(fp, 0, 200, tmp, fp->p[0].report_len); free(tmp); }
        }
        mmaptk_fp_report *r = (mmaptk_fp_report *)fp->p[0].report;
        if (fp->p[0].hold && fp->p[0].received == fp->p[0].report_len && r->grandchild_pid > 0 && !fp->released) {
            kill(r->grandchild_pid, SIGKILL);
            mmaptk_fp_release(fp);
            if (mmaptk_fp_wait(fp, 2000, NULL) == 0) return 0;
        }
    }
    if (raw(SYS_pidfd_send_signal, fp->pidfd, SIGKILL, 0, 0, 0) != 0 && errno != ESRCH) return -errno;
    return 0;
}

void mmaptk_fp_destroy(mmaptk_fp *fp)
{
    if (!fp) return;
    if (!fp->reaped) {
        /* A child blocked writing its report gets EPIPE, one waiting at a closed gate exits, one held is released. */
        close_fd(&fp->p[0].report_r);
        close_fd(&fp->p[1].report_r);
        close_fd(&fp->gate_w);
        mmaptk_fp_release(fp);
        if (mmaptk_fp_wait(fp, 2000, NULL) != 0) {
            mmaptk_fp_kill(fp);
            mmaptk_fp_wait(fp, 10000, NULL);
        }
    }
    free_probe(fp);
}
