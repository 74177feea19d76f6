/* kernel_probe.c: can this process get a userfaultfd, and how (managed: NativeLib.KernelProbe.cs). */
#ifndef MMAPTK_KERNEL_PROBE_H
#define MMAPTK_KERNEL_PROBE_H

#include <stdint.h>

#include "layout_assert.h"

enum { UFFD_VIA_NONE = 0, UFFD_VIA_SYSCALL = 1, UFFD_VIA_USER_MODE_ONLY = 2, UFFD_VIA_DEVICE = 3 };

/* Managed: NativeLib.UserfaultfdProbeNative. */
typedef struct {
    int32_t how;            /* UFFD_VIA_* that worked, or UFFD_VIA_NONE */
    int32_t errno_syscall;  /* userfaultfd(2): 0 when it worked or was not needed */
    int32_t errno_user_mode;/* userfaultfd(UFFD_USER_MODE_ONLY) */
    int32_t errno_device;   /* open("/dev/userfaultfd") + USERFAULTFD_IOC_NEW */
    int32_t errno_api;      /* UFFDIO_API handshake, when a descriptor was had */
    int32_t reserved;
    uint64_t features;      /* every feature bit UFFDIO_API offers */
} mmaptk_uffd_probe_t;

MMAPTK_ASSERT_SIZE(mmaptk_uffd_probe_t, 32);
MMAPTK_ASSERT_OFFSET(mmaptk_uffd_probe_t, how, 0);
MMAPTK_ASSERT_OFFSET(mmaptk_uffd_probe_t, errno_syscall, 4);
MMAPTK_ASSERT_OFFSET(mmaptk_uffd_probe_t, errno_user_mode, 8);
MMAPTK_ASSERT_OFFSET(mmaptk_uffd_probe_t, errno_device, 12);
MMAPTK_ASSERT_OFFSET(mmaptk_uffd_probe_t, errno_api, 16);
MMAPTK_ASSERT_OFFSET(mmaptk_uffd_probe_t, reserved, 20);
MMAPTK_ASSERT_OFFSET(mmaptk_uffd_probe_t, features, 24);

/* Tries each way in turn; 0 with *out filled (how = UFFD_VIA_NONE and the errnos when none worked). */
int mmaptk_probe_userfaultfd(mmaptk_uffd_probe_t *out);

/* For tests: the same probe in a forked child under a seccomp filter that refuses userfaultfd with EPERM.
 * 0 with *out filled, or -errno. */
int mmaptk_probe_userfaultfd_under_seccomp(mmaptk_uffd_probe_t *out);

#endif
