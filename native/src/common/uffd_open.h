/*
 * Opening a userfaultfd, the one way every part does it: the syscall, then the syscall limited to user-mode faults
 * (allowed unprivileged when vm.unprivileged_userfaultfd is 0), then /dev/userfaultfd. The errno of each refusal is
 * kept so callers can say why none worked. Used by the pager's userfaultfd backend, `pager cost` and the kernel profile.
 */
#ifndef MMAPTK_UFFD_OPEN_H
#define MMAPTK_UFFD_OPEN_H

/* Which way worked; the values are the ones pager_api.h (PAGER_UFFD_*) and kernel_probe.h (UFFD_VIA_*) publish. */
enum { UFFD_OPENED_NONE = 0, UFFD_OPENED_SYSCALL = 1, UFFD_OPENED_USER_MODE_ONLY = 2, UFFD_OPENED_DEVICE = 3 };

typedef struct {
    int how;             /* UFFD_OPENED_* */
    int errno_syscall;   /* 0 unless that way was tried and refused */
    int errno_user_mode;
    int errno_device;
} uffd_open_attempts_t;

/* A userfaultfd opened with `flags` (O_CLOEXEC is always added), or -1 with every refusal in *attempts. No API
 * handshake: that is the caller's, with the features it needs. */
int uffd_open(int flags, uffd_open_attempts_t *attempts);

/* "userfaultfd unavailable: userfaultfd() EPERM, with UFFD_USER_MODE_ONLY EPERM, /dev/userfaultfd ENOENT". */
void uffd_describe_refusal(const uffd_open_attempts_t *attempts, char *err, int errlen);

/* Installs a seccomp filter refusing userfaultfd(2) and USERFAULTFD_IOC_NEW with EPERM, as Docker's default profile
 * does: for tests, in a forked child only (it cannot be undone). 0, or the errno of the refusal to install it. */
int uffd_refuse_by_seccomp(void);

/* strerrorname_np, never NULL. */
const char *uffd_errname(int e);

#endif
