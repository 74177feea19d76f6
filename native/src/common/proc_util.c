/* proc_util.c: see proc_util.h. */
#include "proc_util.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

int64_t mmaptk_now_ns(int *error)
{
    struct timespec t;
    if (clock_gettime(CLOCK_MONOTONIC, &t) != 0) {
        if (error) *error = errno;
        return 0;
    }
    return (int64_t)t.tv_sec * 1000000000LL + t.tv_nsec;
}

int64_t mmaptk_deadline_after(int timeout_ms)
{
    return timeout_ms < 0 ? -1 : mmaptk_now_ns(NULL) + (int64_t)timeout_ms * 1000000;
}

static int remaining_ms(int64_t deadline)
{
    if (deadline < 0) return -1;
    int64_t left = deadline - mmaptk_now_ns(NULL);
    if (left <= 0) return 0;
    return (int)((left + 999999) / 1000000);
}

int mmaptk_poll_until(int fd, short events, int64_t deadline)
{
    for (;;) {
        struct pollfd p = { .fd = fd, .events = events };
        int n = poll(&p, 1, remaining_ms(deadline));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return -errno;
        return n;
    }
}

int mmaptk_pidfd_wait(int pidfd, int reap, int timeout_ms, int32_t *wstatus)
{
    int ready = mmaptk_poll_until(pidfd, POLLIN, mmaptk_deadline_after(timeout_ms));
    if (ready < 0) return ready;
    if (ready == 0) return -ETIMEDOUT;
    int st = -1;
    if (reap) {
        /* By pidfd, not by pid: a pid can be reused once reaped, a pidfd never names another process. */
        siginfo_t info;
        memset(&info, 0, sizeof info);
        while (waitid((idtype_t)P_PIDFD, (id_t)pidfd, &info, WEXITED) != 0) {
            if (errno != EINTR) return -errno;
        }
        if (info.si_code == CLD_EXITED) st = (info.si_status & 0xff) << 8;
        else st = (info.si_status & 0x7f) | (info.si_code == CLD_DUMPED ? 0x80 : 0);
    }
    if (wstatus) *wstatus = st;
    return 0;
}

void mmaptk_close_fds_except(int keep)
{
    if (keep > 3) syscall(SYS_close_range, 3, keep - 1, 0);
    syscall(SYS_close_range, keep < 3 ? 3 : keep + 1, ~0U, 0);
}

void mmaptk_default_signal_handlers(void)
{
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; sig++) {
        if (sig == SIGKILL || sig == SIGSTOP) continue;
        sigaction(sig, &dfl, NULL);     /* glibc refuses its two internal signals: harmless */
    }
}
