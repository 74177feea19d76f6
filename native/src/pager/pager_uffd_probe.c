/*
 * For tests: a userfaultfd pager region in a forked child, where the test can take away what the parent has
 * (root: the child drops to an unprivileged uid, so only UFFD_USER_MODE_ONLY is left when vm.unprivileged_userfaultfd
 * is 0; or a seccomp filter refuses userfaultfd outright). Native from fork to _exit (no managed code after fork).
 */
#include "pager_api.h"
#include "pager.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include "uffd_open.h"
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void child(int uid, int seccomp, int64_t pages, int32_t frames, int32_t policy, const int64_t *trace,
                  const uint8_t *writes, int32_t n, const char *swap_path, mmaptk_pager_uffd_child_result *r)
{
    if (uid >= 0 && (setresgid((gid_t)uid, (gid_t)uid, (gid_t)uid) != 0 || setresuid((uid_t)uid, (uid_t)uid, (uid_t)uid) != 0)) {
        r->setup_errno = errno;
        return;
    }
    if (seccomp && (r->setup_errno = uffd_refuse_by_seccomp()) != 0) return;
    r->euid = (int32_t)geteuid();
    mmaptk_pager_config cfg = {
        .pages = pages, .frames = frames, .policy = policy, .prot = PAGER_READ | PAGER_WRITE,
        .backend = PAGER_BACKEND_UFFD, .seed = 1, .swap_path = swap_path, .pool_name = "mmaptk-uffd-child",
    };
    int id;
    void *base;
    r->rc = mmaptk_pager_create(&cfg, &id, &base, r->err, PAGER_ERR_LEN);
    if (r->rc != 0) return;
    r->how = mmaptk_pager_uffd_how(id);
    long ps = sysconf(_SC_PAGESIZE);
    volatile uint8_t *p = base;
    uint8_t last[64] = { 0 }; /* the byte last stored to each of the first 64 pages */
    for (int32_t i = 0; i < n; i++) {
        volatile uint8_t *at = p + trace[i] * ps;
        if (writes[i]) { uint8_t v = (uint8_t)(i + 1); *at = v; if (trace[i] < 64) last[trace[i]] = v; }
        else (void)*at;
    }
    mmaptk_pager_stats s;
    mmaptk_pager_stats_get(id, &s);
    r->faults = (int64_t)(s.zero_fills + s.file_reads + s.swap_ins);
    r->evictions = (int64_t)s.evictions;
    r->swap_outs = (int64_t)s.swap_outs;
    r->swap_ins = (int64_t)s.swap_ins;
    r->intact = 1;
    for (int64_t pg = 0; pg < pages && pg < 64; pg++)
        if (p[pg * ps] != last[pg]) r->intact = 0;
    mmaptk_pager_destroy(id);
}

int mmaptk_pager_uffd_in_child(int uid, int seccomp, int64_t pages, int32_t frames, int32_t policy, const int64_t *trace,
                               const uint8_t *writes, int32_t n, const char *swap_path, mmaptk_pager_uffd_child_result *out)
{
    int pipefd[2];
    if (pipe2(pipefd, O_CLOEXEC) != 0) return -errno;
    pager_table_lock(); /* no other thread holds it across fork, so the child can create a region */
    pid_t pid = fork();
    if (pid == 0) {
        pager_table_unlock();
        mmaptk_pager_uffd_child_result r;
        memset(&r, 0, sizeof r);
        child(uid, seccomp, pages, frames, policy, trace, writes, n, swap_path, &r);
        ssize_t w = write(pipefd[1], &r, sizeof r);
        _exit(w == (ssize_t)sizeof r ? 0 : 1);
    }
    int fork_errno = errno;
    pager_table_unlock();
    close(pipefd[1]);
    if (pid < 0) { close(pipefd[0]); return -fork_errno; }
    struct pollfd pfd = { .fd = pipefd[0], .events = POLLIN };
    int ready;
    do ready = poll(&pfd, 1, 20000); while (ready < 0 && errno == EINTR);
    ssize_t got = -1;
    if (ready > 0) do got = read(pipefd[0], out, sizeof *out); while (got < 0 && errno == EINTR);
    else kill(pid, SIGKILL);
    close(pipefd[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    if (ready == 0) return -ETIMEDOUT;
    if (got != (ssize_t)sizeof *out) return -EIO;
    return 0;
}
