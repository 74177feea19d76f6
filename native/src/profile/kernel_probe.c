/*
 * The kernel profile's one native probe: can this process get a userfaultfd, and how? Each of the three ways the
 * kernel offers is tried in turn, and the errno of every refusal is kept, so the managed side can say why.
 * A native function because the seccomp test runs it in a forked child (rule 1: no managed code after fork).
 */
#include "kernel_probe.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <linux/userfaultfd.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int mmaptk_probe_userfaultfd(mmaptk_uffd_probe_t *out)
{
    memset(out, 0, sizeof *out);
    int flags = O_CLOEXEC | O_NONBLOCK;
    int fd = (int)syscall(SYS_userfaultfd, flags);
    if (fd >= 0) {
        out->how = UFFD_VIA_SYSCALL;
    } else {
        out->errno_syscall = errno;
        fd = (int)syscall(SYS_userfaultfd, flags | UFFD_USER_MODE_ONLY);
        if (fd >= 0) out->how = UFFD_VIA_USER_MODE_ONLY;
        else out->errno_user_mode = errno;
    }
    if (fd < 0) {
        int dev = open("/dev/userfaultfd", O_RDWR | O_CLOEXEC);
        if (dev >= 0) {
            fd = ioctl(dev, USERFAULTFD_IOC_NEW, flags);
            if (fd < 0) out->errno_device = errno;
            else out->how = UFFD_VIA_DEVICE;
            close(dev);
        } else {
            out->errno_device = errno;
        }
    }
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
        struct sock_filter filter[] = {
            BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
            BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_userfaultfd, 3, 0),
            BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_ioctl, 0, 3),
            BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1])),
            BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)USERFAULTFD_IOC_NEW, 0, 1),
            BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA)),
            BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        };
        struct sock_fprog prog = { .len = sizeof filter / sizeof filter[0], .filter = filter };
        mmaptk_uffd_probe_t r;
        memset(&r, 0, sizeof r);
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0)
            r.reserved = errno;
        else
            mmaptk_probe_userfaultfd(&r);
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
