/*
 * The kernel profile's one native probe: can this process get a userfaultfd, and how? Each of the three ways the
 * kernel offers is tried in turn, and the errno of every refusal is kept, so the managed side can say why.
 * A native function because the seccomp test runs it in a forked child (rule 1: no managed code after fork).
 */
#include "kernel_probe.h"
#include "uffd_open.h"

_Static_assert((int)UFFD_VIA_NONE == (int)UFFD_OPENED_NONE && (int)UFFD_VIA_SYSCALL == (int)UFFD_OPENED_SYSCALL &&
               (int)UFFD_VIA_USER_MODE_ONLY == (int)UFFD_OPENED_USER_MODE_ONLY && (int)UFFD_VIA_DEVICE == (int)UFFD_OPENED_DEVICE,
               "kernel_probe.h publishes how the userfaultfd was opened with uffd_open's values");

#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int mmaptk_probe_userfaultfd(mmaptk_uffd_probe_t *out)
{
    memset(out, 0, sizeof *out);
    uffd_open_attempts_t attempts;
    int fd = uffd_open(O_NONBLOCK, &attempts);
    out->how = attempts.how;
    out->errno_syscall = attempts.errno_syscall;
    out->errno_user_mode = attempts.errno_user_mode;
    out->errno_device = attempts.errno_device;
    if (fd < 0) return 0;
    /* Asking for no feature is answered with every feature the kernel has. */
    struct uffdio_api api = { .api = UFFD_API, .features = 0 };
    if (ioctl(fd, UFFDIO_API, &api) != 0) {
        out->errno_api = errno;
        out->how = UFFD_VIA_NONE;
    } else {
        out->features = api.features;
    }
    close(fd);
    return 0;
}

/*
 * For tests: runs the probe in a forked child that first installs a seccomp filter refusing userfaultfd(2) and the
 * /dev/userfaultfd ioctl with EPERM, as Docker's default profile does. 0 with *out filled, or -errno.
 */
int mmaptk_probe_userfaultfd_under_seccomp(mmaptk_uffd_probe_t *out)
{
    int pipefd[2];
    if (pipe2(pipefd, O_CLOEXEC) != 0) return -errno;
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(pipefd[0]);
        close(pipefd[1]);
        return -e;
    }
    if (pid == 0) {
        mmaptk_uffd_probe_t r;
        memset(&r, 0, sizeof r);
        if ((r.reserved = uffd_refuse_by_seccomp()) == 0) mmaptk_probe_userfaultfd(&r);
        ssize_t n = write(pipefd[1], &r, sizeof r);
        _exit(n == (ssize_t)sizeof r ? 0 : 1);
    }
    close(pipefd[1]);
    ssize_t got;
    do got = read(pipefd[0], out, sizeof *out); while (got < 0 && errno == EINTR);
    close(pipefd[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    if (got != (ssize_t)sizeof *out) return -EIO;
    if (out->reserved != 0) return -out->reserved; /* the filter itself could not be installed */
    return 0;
}
