/*
 * agent.c: see agent.h. Three parts: the spawner thread (parent side, forks agents), the command loop (runs
 * only in forked agents: raw system calls, fixed-size static buffers, no malloc, ends in _exit), and the
 * parent-side calls the managed code makes (send a command and wait for the reply, wait, signal).
 */
#include "agent.h"
#include "proc_util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif

extern char **environ;

/* Forks with a raw clone (no pthread_atfork handler of the runtime or of any library runs) and returns a pidfd
 * in *pidfd. The clone's own duration goes in *ns. */
static long clone_with_pidfd(int *pidfd, int64_t *ns)
{
    int64_t t0 = mmaptk_now_ns(NULL);
    long pid = syscall(SYS_clone, CLONE_PIDFD | SIGCHLD, 0, pidfd, 0, 0);
    int64_t t1 = mmaptk_now_ns(NULL);
    *ns = t1 - t0;
    return pid;
}

/* ======================= the agent (runs only in forked children) ======================= */

/* Process-private after the fork: each agent has its own copy of these. */
static unsigned char g_buffer[sizeof(mmaptk_agent_cmd) + MMAPTK_AGENT_MAX_PAYLOAD] __attribute__((aligned(16)));
static int g_forks[MMAPTK_AGENT_MAX_FORKS];     /* pidfds of the agents this agent forked */
static int g_fork_count;
static mmaptk_touch_window g_window;
static struct {
    sigjmp_buf jump;
    volatile sig_atomic_t armed;
    volatile int signo;
    volatile int code;
    volatile uint64_t address;
} g_fault __attribute__((aligned(512)));       /* small and aligned: one page, written before measuring */

/* SIGSEGV/SIGBUS in an agent. During a TOUCH loop: record the fault and jump back to the command. Anywhere
 * else it is a bug: go back to the default action and let the access fault again, so the agent dies of it. */
static void on_fault(int sig, siginfo_t *info, void *context)
{
    (void)context;
    if (!g_fault.armed) {
        struct sigaction dfl;
        memset(&dfl, 0, sizeof dfl);
        dfl.sa_handler = SIG_DFL;
        sigaction(sig, &dfl, NULL);
        return;
    }
    g_fault.armed = 0;
    g_fault.signo = sig;
    g_fault.code = info->si_code;
    g_fault.address = (uint64_t)(uintptr_t)info->si_addr;
    siglongjmp(g_fault.jump, 1);
}

static void set_disposition(int sig, void (*handler)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigaction(sig, &sa, NULL);
}

/* After fork every stack page is shared copy-on-write with the parent (or not there at all), so the first signal
 * frame the kernel writes below the touch loop would fault, and that fault would be charged to whatever access
 * raised the signal. Writing the stack once, deeper than any signal frame goes, takes those faults now. */
static __attribute__((noinline)) void prefault_stack(void)
{
    volatile unsigned char pad[64 * 1024];
    for (size_t i = 0; i < sizeof pad; i += 512) pad[i] = 0;
    pad[sizeof pad - 1] = 0;
}

/* Every handler the runtime installed goes back to the default; ours for SIGSEGV and SIGBUS; SIGCHLD ignored
 * (forked agents are reaped by the kernel); SIGPIPE ignored (a closed socket is an error, not a death); no
 * signal blocked. */
static void agent_signals(void)
{
    mmaptk_default_signal_handlers();
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    set_disposition(SIGCHLD, SIG_IGN);
    set_disposition(SIGPIPE, SIG_IGN);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}

/* Closes the pidfds of forked agents that have ended; returns how many are still alive. */
static int prune_forks(void)
{
    int kept = 0;
    for (int i = 0; i < g_fork_count; i++) {
        struct pollfd p = { .fd = g_forks[i], .events = POLLIN };
        if (poll(&p, 1, 0) == 1) close(g_forks[i]);
        else g_forks[kept++] = g_forks[i];
    }
    g_fork_count = kept;
    return kept;
}

/* Ends the agent: first every agent it forked (SIGKILL, then wait up to 5 s for each to be gone), so that none
 * outlives it as an orphan. */
__attribute__((noreturn)) static void agent_exit(int code)
{
    for (int i = 0; i < g_fork_count; i++) syscall(SYS_pidfd_send_signal, g_forks[i], SIGKILL, NULL, 0);
    int64_t deadline = mmaptk_deadline_after(5000);
    for (int i = 0; i < g_fork_count; i++) mmaptk_poll_until(g_forks[i], POLLIN, deadline);
    _exit(code);
}

static int send_reply(int sock, const mmaptk_agent_reply *r, const int *fds, int nfds)
{
    struct iovec iov = { .iov_base = (void *)r, .iov_len = sizeof *r };
    union {
        struct cmsghdr align;
        char buf[CMSG_SPACE(2 * sizeof(int))];
    } control;
    struct msghdr mh;
    memset(&mh, 0, sizeof mh);
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    if (nfds > 0) {
        memset(&control, 0, sizeof control);
        mh.msg_control = control.buf;
        mh.msg_controllen = CMSG_SPACE((size_t)nfds * sizeof(int));
        struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN((size_t)nfds * sizeof(int));
        memcpy(CMSG_DATA(c), fds, (size_t)nfds * sizeof(int));
    }
    for (;;) {
        ssize_t n = sendmsg(sock, &mh, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        return n < 0 ? -errno : 0;
    }
}

static void do_touch(const mmaptk_agent_cmd *cmd, const uint64_t *addresses, mmaptk_agent_reply *r)
{
    uint64_t count = cmd->payload_len / sizeof(uint64_t);
    if (cmd->payload_len % sizeof(uint64_t) != 0) {
        r->ret = -1;
        r->error = EINVAL;
        return;
    }
    g_fault.armed = 0;
    g_fault.signo = 0;
    g_fault.code = 0;
    g_fault.address = 0;
    if (sigsetjmp(g_fault.jump, 1) == 0) {
        mmaptk_touch_begin(&g_window);
        g_fault.armed = 1;
        mmaptk_touch_loop(addresses, count, cmd->arg2 != 0, (unsigned char)cmd->arg, &g_window.at);
        g_fault.armed = 0;
    }
    mmaptk_touch_end(&g_window, &r->touch);
    r->touch.signal = g_fault.signo;
    r->touch.si_code = g_fault.code;
    r->touch.fault_address = g_fault.address;
    r->ret = 0;
    if (r->touch.error != 0) {
        r->ret = -1;
        r->error = r->touch.error;
    }
}

/* Splits "path\0argv0\0argv1\0..." into path and argv. 0 or an errno. */
static int parse_exec(const char *payload, uint64_t len, int64_t argc, const char **path, char **argv)
{
    if (argc < 1 || argc > MMAPTK_AGENT_MAX_EXEC_ARGS + 1) return E2BIG;
    if (len == 0 || payload[len - 1] != '\0') return EINVAL;
    const char *p = payload, *end = payload + len;
    *path = p;
    p += strlen(p) + 1;
    for (int64_t i = 0; i < argc; i++) {
        if (p >= end) return EINVAL;
        argv[i] = (char *)p;
        p += strlen(p) + 1;
    }
    argv[argc] = NULL;
    return p == end ? 0 : EINVAL;
}

static void do_exec(const mmaptk_agent_cmd *cmd, const char *payload, mmaptk_agent_reply *r)
{
    const char *path;
    char *argv[MMAPTK_AGENT_MAX_EXEC_ARGS + 2];
    int err = parse_exec(payload, cmd->payload_len, cmd->arg, &path, argv);
    if (err == 0 && prune_forks() > 0) err = EBUSY;  /* its agents would be orphaned under another program */
    if (err == 0) {
        /* Ignored dispositions survive execve: give the program the defaults. */
        set_disposition(SIGCHLD, SIG_DFL);
        set_disposition(SIGPIPE, SIG_DFL);
        execve(path, argv, environ);
        err = errno;
        set_disposition(SIGCHLD, SIG_IGN);
        set_disposition(SIGPIPE, SIG_IGN);
    }
    r->ret = -1;
    r->error = err;
}

static void do_open(const mmaptk_agent_cmd *cmd, const char *payload, mmaptk_agent_reply *r)
{
    if (cmd->payload_len == 0 || payload[cmd->payload_len - 1] != '\0' || strlen(payload) + 1 != cmd->payload_len) {
        r->ret = -1;
        r->error = EINVAL;
        return;
    }
    int fd = open(payload, (int)cmd->arg | O_CLOEXEC, 0600);
    r->ret = fd;
    if (fd < 0) r->error = errno;
}

static void do_close(int sock, const mmaptk_agent_cmd *cmd, mmaptk_agent_reply *r)
{
    int fd = (int)cmd->arg;
    int ours = fd < 3 || fd == sock;
    for (int i = 0; i < g_fork_count; i++) ours |= fd == g_forks[i];
    if (ours || cmd->arg != (int64_t)fd) {
        r->ret = -1;
        r->error = EBADF;       /* not a descriptor the agent opened for the caller */
        return;
    }
    r->ret = close(fd);
    if (r->ret < 0) r->error = errno;
}

__attribute__((noreturn)) static void agent_main(int sock, pid_t parent);

/* FORK: a new agent, exactly like the first one. The reply carries the parent's end of its socket and a pidfd. */
static void do_fork(int sock, mmaptk_agent_reply *r)
{
    r->ret = -1;
    if (prune_forks() >= MMAPTK_AGENT_MAX_FORKS) {
        r->error = EAGAIN;
        send_reply(sock, r, NULL, 0);
        return;
    }
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
        r->error = errno;
        send_reply(sock, r, NULL, 0);
        return;
    }
    pid_t self = getpid();
    int pidfd = -1;
    int64_t ns = 0;
    long pid = clone_with_pidfd(&pidfd, &ns);
    if (pid == 0) agent_main(sv[1], self);
    close(sv[1]);
    if (pid < 0) {
        r->error = errno;
        close(sv[0]);
        send_reply(sock, r, NULL, 0);
        return;
    }
    g_forks[g_fork_count++] = pidfd;
    r->ret = pid;
    r->fork_ns = ns;
    int fds[2] = { sv[0], pidfd };
    send_reply(sock, r, fds, 2);
    close(sv[0]);
}

/* Runs one command. Returns 1 when the reply still has to be sent. */
static int dispatch(int sock, const mmaptk_agent_cmd *cmd, const unsigned char *payload, mmaptk_agent_reply *r)
{
    void *addr = (void *)(uintptr_t)cmd->addr;
    size_t len = (size_t)cmd->length;
    long rc = 0;
    switch (cmd->op) {
    case MMAPTK_AGENT_PING:
        r->ret = r->pid;
        return 1;
    case MMAPTK_AGENT_TOUCH:
        do_touch(cmd, (const uint64_t *)payload, r);
        return 1;
    case MMAPTK_AGENT_MPROTECT: rc = mprotect(addr, len, (int)cmd->arg); break;
    case MMAPTK_AGENT_MADVISE: rc = madvise(addr, len, (int)cmd->arg); break;
    case MMAPTK_AGENT_MSYNC: rc = msync(addr, len, (int)cmd->arg); break;
    case MMAPTK_AGENT_MUNMAP: rc = munmap(addr, len); break;
    case MMAPTK_AGENT_MMAP_ANON: {
        void *p = mmap(NULL, len, (int)cmd->arg, (int)cmd->arg2 | MAP_ANONYMOUS, -1, 0);
        rc = p == MAP_FAILED ? -1 : (long)(uintptr_t)p;
        break;
    }
    case MMAPTK_AGENT_FORK:
        do_fork(sock, r);
        return 0;
    case MMAPTK_AGENT_EXEC:
        do_exec(cmd, (const char *)payload, r);
        return 1;
    case MMAPTK_AGENT_OPEN:
        do_open(cmd, (const char *)payload, r);
        return 1;
    case MMAPTK_AGENT_CLOSE:
        do_close(sock, cmd, r);
        return 1;
    case MMAPTK_AGENT_EXIT:
        agent_exit((int)cmd->arg);
    default:
        r->ret = -1;
        r->error = ENOSYS;
        return 1;
    }
    r->ret = rc;
    if (rc == -1) r->error = errno;
    return 1;
}

__attribute__((noreturn)) static void serve(int sock)
{
    for (;;) {
        struct iovec iov = { .iov_base = g_buffer, .iov_len = sizeof g_buffer };
        struct msghdr mh;
        memset(&mh, 0, sizeof mh);
        mh.msg_iov = &iov;
        mh.msg_iovlen = 1;
        ssize_t n = recvmsg(sock, &mh, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) agent_exit(0);          /* the parent closed its end (or is gone) */

        const mmaptk_agent_cmd *cmd = (const mmaptk_agent_cmd *)g_buffer;
        mmaptk_agent_reply r;
        memset(&r, 0, sizeof r);
        r.magic = MMAPTK_AGENT_MAGIC;
        r.pid = (int32_t)getpid();
        r.op = (size_t)n >= sizeof *cmd ? cmd->op : 0;
        if (mh.msg_flags & MSG_TRUNC) {
            r.ret = -1;
            r.error = EMSGSIZE;
        } else if ((size_t)n < sizeof *cmd || cmd->magic != MMAPTK_AGENT_MAGIC
                   || cmd->payload_len != (uint64_t)n - sizeof *cmd) {
            r.ret = -1;
            r.error = EPROTO;
        } else if (!dispatch(sock, cmd, g_buffer + sizeof *cmd, &r)) {
            continue;
        }
        if (send_reply(sock, &r, NULL, 0) != 0) agent_exit(0);
    }
}

/* The first code a new agent runs, straight after the clone. */
__attribute__((noreturn)) static void agent_main(int sock, pid_t parent)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);    /* the parent died before PDEATHSIG was armed */
    prctl(PR_SET_NAME, "mmaptk-agent");    /* what ps and /proc/PID/comm show */
    mmaptk_close_fds_except(sock);
    g_fork_count = 0;                       /* the pidfds inherited from the parent agent were closed just now */
    agent_signals();
    prefault_stack();
    serve(sock);
}

/* ======================= parent side ======================= */

/* One native thread forks every agent: PR_SET_PDEATHSIG fires when the forking *thread* ends, and a managed
 * thread (a thread-pool thread, say) may end long before the process does. This one never ends. */
static pthread_once_t g_spawner_once = PTHREAD_ONCE_INIT;
static int g_spawner_error;
static pthread_mutex_t g_spawn_serial = PTHREAD_MUTEX_INITIALIZER;  /* one request at a time */
static pthread_mutex_t g_spawn_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_spawn_cond = PTHREAD_COND_INITIALIZER;
static int g_spawn_pending, g_spawn_done, g_spawn_rc;
static mmaptk_agent_spawned g_spawn_result;

static int spawn_now(mmaptk_agent_spawned *out)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) return -errno;
    pid_t self = getpid();
    int pidfd = -1;
    int64_t ns = 0;
    long pid = clone_with_pidfd(&pidfd, &ns);
    if (pid == 0) agent_main(sv[1], self);
    int err = errno;
    close(sv[1]);
    if (pid < 0) {
        close(sv[0]);
        return -err;
    }
    out->pid = (int32_t)pid;
    out->sock = sv[0];
    out->pidfd = pidfd;
    out->reserved = 0;
    out->fork_ns = ns;
    return 0;
}

static void *spawner_main(void *unused)
{
    (void)unused;
    for (;;) {
        pthread_mutex_lock(&g_spawn_lock);
        while (!g_spawn_pending) pthread_cond_wait(&g_spawn_cond, &g_spawn_lock);
        pthread_mutex_unlock(&g_spawn_lock);

        mmaptk_agent_spawned result;
        memset(&result, 0, sizeof result);
        int rc = spawn_now(&result);

        pthread_mutex_lock(&g_spawn_lock);
        g_spawn_result = result;
        g_spawn_rc = rc;
        g_spawn_pending = 0;
        g_spawn_done = 1;
        pthread_cond_broadcast(&g_spawn_cond);
        pthread_mutex_unlock(&g_spawn_lock);
    }
    return NULL;
}

static void start_spawner(void)
{
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, 256 * 1024);
    /* No signal is ever delivered to it, and the agents it forks start with every signal blocked until they
     * have installed their own handlers. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pthread_t t;
    g_spawner_error = pthread_create(&t, &attr, spawner_main, NULL);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&attr);
}

int mmaptk_agent_spawn(mmaptk_agent_spawned *out)
{
    if (!out) return -EINVAL;
    pthread_once(&g_spawner_once, start_spawner);
    if (g_spawner_error) return -g_spawner_error;

    pthread_mutex_lock(&g_spawn_serial);
    pthread_mutex_lock(&g_spawn_lock);
    g_spawn_done = 0;
    g_spawn_pending = 1;
    pthread_cond_broadcast(&g_spawn_cond);
    while (!g_spawn_done) pthread_cond_wait(&g_spawn_cond, &g_spawn_lock);
    int rc = g_spawn_rc;
    *out = g_spawn_result;
    pthread_mutex_unlock(&g_spawn_lock);
    pthread_mutex_unlock(&g_spawn_serial);
    return rc;
}

static int send_command(int sock, const mmaptk_agent_cmd *cmd, const void *payload, int64_t deadline)
{
    struct iovec iov[2] = {
        { .iov_base = (void *)cmd, .iov_len = sizeof *cmd },
        { .iov_base = (void *)payload, .iov_len = (size_t)cmd->payload_len },
    };
    struct msghdr mh;
    memset(&mh, 0, sizeof mh);
    mh.msg_iov = iov;
    mh.msg_iovlen = cmd->payload_len > 0 ? 2 : 1;
    for (;;) {
        ssize_t n = sendmsg(sock, &mh, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n >= 0) return 0;
        if (errno == EINTR) continue;
        if (errno == EPIPE || errno == ECONNRESET || errno == ENOTCONN) return -EPIPE;
        if (errno != EAGAIN) return -errno;
        int ready = mmaptk_poll_until(sock, POLLOUT, deadline);
        if (ready < 0) return ready;
        if (ready == 0) return -ETIMEDOUT;
    }
}

int mmaptk_agent_call(int sock, const mmaptk_agent_cmd *cmd, const void *payload, int timeout_ms,
                      mmaptk_agent_reply *reply, int32_t *fds)
{
    if (!cmd || !reply || !fds || (cmd->payload_len > 0 && !payload)) return -EINVAL;
    fds[0] = fds[1] = -1;
    if (cmd->payload_len > MMAPTK_AGENT_MAX_PAYLOAD) return -EMSGSIZE;
    int64_t deadline = mmaptk_deadline_after(timeout_ms);

    int rc = send_command(sock, cmd, payload, deadline);
    if (rc != 0) return rc;

    for (;;) {
        int ready = mmaptk_poll_until(sock, POLLIN, deadline);
        if (ready < 0) return ready;
        if (ready == 0) return -ETIMEDOUT;

        union {
            struct cmsghdr align;
            char buf[CMSG_SPACE(4 * sizeof(int))];
        } control;
        struct iovec iov = { .iov_base = reply, .iov_len = sizeof *reply };
        struct msghdr mh;
        memset(&mh, 0, sizeof mh);
        mh.msg_iov = &iov;
        mh.msg_iovlen = 1;
        mh.msg_control = control.buf;
        mh.msg_controllen = sizeof control.buf;
        ssize_t n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (n < 0) return errno == ECONNRESET ? -EPIPE : -errno;
        if (n == 0) return -EPIPE;

        int received = 0;
        for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
            if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
            int count = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
            int got[4];
            memcpy(got, CMSG_DATA(c), (size_t)(count < 4 ? count : 4) * sizeof(int));
            for (int i = 0; i < count && i < 4; i++) {
                if (received < 2) fds[received++] = got[i];
                else close(got[i]);
            }
        }
        if ((size_t)n != sizeof *reply || reply->magic != MMAPTK_AGENT_MAGIC || (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC))) {
            for (int i = 0; i < 2; i++) if (fds[i] >= 0) { close(fds[i]); fds[i] = -1; }
            return -EPROTO;
        }
        return 0;
    }
}

int mmaptk_agent_send_exit(int sock, int code)
{
    mmaptk_agent_cmd cmd;
    memset(&cmd, 0, sizeof cmd);
    cmd.magic = MMAPTK_AGENT_MAGIC;
    cmd.op = MMAPTK_AGENT_EXIT;
    cmd.arg = code;
    return send_command(sock, &cmd, NULL, mmaptk_now_ns(NULL));
}

int mmaptk_agent_wait(int pidfd, int32_t own_child, int timeout_ms, int32_t *wstatus)
{
    return mmaptk_pidfd_wait(pidfd, own_child, timeout_ms, wstatus);
}

int mmaptk_agent_signal(int pidfd, int32_t sig)
{
    return syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0) == 0 ? 0 : -errno;
}

int mmaptk_agent_has_ended(int pidfd)
{
    struct pollfd p = { .fd = pidfd, .events = POLLIN };
    int n = poll(&p, 1, 0);
    if (n < 0) return -errno;
    return n > 0;
}
