#include "uffd_open.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <linux/userfaultfd.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

const char *uffd_errname(int e)
{
    const char *n = strerrorname_np(e);
    return n ? n : "unknown errno";
}

int uffd_open(int flags, uffd_open_attempts_t *attempts)
{
    memset(attempts, 0, sizeof *attempts);
    flags |= O_CLOEXEC;
    int fd = (int)syscall(SYS_userfaultfd, flags);
    if (fd >= 0) {
        attempts->how = UFFD_OPENED_SYSCALL;
        return fd;
    }
    attempts->errno_syscall = errno;
    fd = (int)syscall(SYS_userfaultfd, flags | UFFD_USER_MODE_ONLY);
    if (fd >= 0) {
        attempts->how = UFFD_OPENED_USER_MODE_ONLY;
        return fd;
    }
    attempts->errno_user_mode = errno;
    int dev = open("/dev/userfaultfd", O_RDWR | O_CLOEXEC);
    if (dev < 0) {
        attempts->errno_device = errno;
        return -1;
    }
    fd = ioctl(dev, USERFAULTFD_IOC_NEW, flags);
    if (fd < 0) attempts->errno_device = errno;
    else attempts->how = UFFD_OPENED_DEVICE;
    close(dev);
    return fd;
}

void uffd_describe_refusal(const uffd_open_attempts_t *a, char *err, int errlen)
{
    snprintf(err, (size_t)errlen, "userfaultfd unavailable: userfaultfd() %s, with UFFD_USER_MODE_ONLY %s, /dev/userfaultfd %s",
             uffd_errname(a->errno_syscall), uffd_errname(a->errno_user_mode), uffd_errname(a->errno_device));
}

int uffd_refuse_by_seccomp(void)
{
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
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0)
        return errno;
    return 0;
}
