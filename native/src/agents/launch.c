/*
 * launch: a child started stopped, for the fault recorder (see launch.h). The child runs only C after fork
 * (docs/design.md rule 1): system calls on fixed data, then execve or _exit.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "launch.h"
#include "layout_assert.h"
#include "proc_util.h"

MMAPTK_ASSERT_SIZE(mmaptk_launch, 16);
MMAPTK_ASSERT_OFFSET(mmaptk_launch, pid, 0);
MMAPTK_ASSERT_OFFSET(mmaptk_launch, go_fd, 4);
MMAPTK_ASSERT_OFFSET(mmaptk_launch, status_fd, 8);
MMAPTK_ASSERT_OFFSET(mmaptk_launch, reserved, 12);
MMAPTK_ASSERT_SIZE(mmaptk_launch_baseline, 16);
MMAPTK_ASSERT_OFFSET(mmaptk_launch_baseline, minor_faults, 0);
MMAPTK_ASSERT_OFFSET(mmaptk_launch_baseline, major_faults, 8);

extern char **environ;

static int write_all(int fd, const void *data, size_t length)
{
    const char *p = data;
    while (length > 0) {
        ssize_t n = write(fd, p, length);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        p += n;
        length -= (size_t)n;
    }
    return 0;
}

/* Reads up to length bytes; the count read (short at EOF) or -errno. */
static ssize_t read_all(int fd, void *data, size_t length)
{
    char *p = data;
    size_t done = 0;
    while (done < length) {
        ssize_t n = read(fd, p + done, length - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return -errno;
        if (n == 0) break;
        done += (size_t)n;
    }
    return (ssize_t)done;
}

__attribute__((noreturn)) static void child(int go, int status, const char *path, char *const argv[])
{
    /* The runtime's handlers and blocked signals must not reach the program: dispositions back to the
     * defaults (an ignored SIGPIPE would survive execve), and an empty mask (the mask survives execve too). */
    mmaptk_default_signal_handlers();
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);

    char byte;
    ssize_t n;
    do n = read(go, &byte, 1); while (n < 0 && errno == EINTR);
    if (n != 1) _exit(127);   /* the parent gave up (or died) before go: never run the program unobserved */
    /* Descriptors the runtime left without close-on-exec must not reach the program: keep 0, 1, 2 and the status pipe. */
    close(go);
    mmaptk_close_fds_except(status);

    struct rusage usage;
    mmaptk_launch_baseline baseline = { 0, 0 };
    if (getrusage(RUSAGE_SELF, &usage) == 0) {
        baseline.minor_faults = usage.ru_minflt;
        baseline.major_faults = usage.ru_majflt;
    }
    if (write_all(status, &baseline, sizeof baseline) != 0) _exit(127);
    execve(path, argv, environ);
    int32_t err = errno;
    write_all(status, &err, sizeof err);
    _exit(127);
}

int mmaptk_launch_stopped(const char *path, char *const argv[], mmaptk_launch *out)
{
    int go[2], status[2];
    if (pipe2(go, O_CLOEXEC) != 0) return -errno;
    if (pipe2(status, O_CLOEXEC) != 0) {
        int err = errno;
        close(go[0]);
        close(go[1]);
        return -err;
    }
    pid_t pid = fork();
    if (pid < 0) {
        int err = errno;
        close(go[0]); close(go[1]); close(status[0]); close(status[1]);
        return -err;
    }
    if (pid == 0) {
        close(go[1]);
        close(status[0]);
        child(go[0], status[1], path, argv);
    }
    close(go[0]);
    close(status[1]);
    out->pid = pid;
    out->go_fd = go[1];
    out->status_fd = status[0];
    out->reserved = 0;
    return 0;
}

int mmaptk_launch_go(int go_fd, int status_fd, mmaptk_launch_baseline *baseline, int32_t *exec_errno)
{
    int rc = 0;
    char byte = 1;
    *exec_errno = 0;
    memset(baseline, 0, sizeof *baseline);
    if (write_all(go_fd, &byte, 1) != 0) rc = -errno;
    close(go_fd);
    if (rc == 0) {
        ssize_t n = read_all(status_fd, baseline, sizeof *baseline);
        if (n < 0) rc = (int)n;
        else if (n != (ssize_t)sizeof *baseline) rc = -EPIPE;   /* the child died before exec */
        else {
            int32_t err = 0;
            n = read_all(status_fd, &err, sizeof err);
            if (n < 0) rc = (int)n;
            else if (n == (ssize_t)sizeof err) *exec_errno = err;
        }
    }
    close(status_fd);
    return rc;
}
