/* Small helpers for tests and the crash probe: who owns SIGSEGV now, and memory accesses made from native code. */
#include "pager_api.h"
#include "pager.h"

#include <string.h>
#include <sys/resource.h>

/* 1 if the pager's handler is the process's SIGSEGV handler now. */
int mmaptk_pager_handler_installed(void)
{
    struct sigaction cur;
    if (sigaction(SIGSEGV, NULL, &cur) != 0) return -1;
    return (cur.sa_flags & SA_SIGINFO) && cur.sa_sigaction == pager_signal_handler;
}

/* The address of the current SIGSEGV handler (whatever it is), to check that it is restored after the last region. */
uintptr_t mmaptk_pager_segv_handler_address(void)
{
    struct sigaction cur;
    if (sigaction(SIGSEGV, NULL, &cur) != 0) return 0;
    return (cur.sa_flags & SA_SIGINFO) ? (uintptr_t)cur.sa_sigaction : (uintptr_t)cur.sa_handler;
}

/* A load from native code (the crash probe's "outside any region" access, and native accesses to a region). */
int mmaptk_pager_native_read(const void *addr) { return *(const volatile uint8_t *)addr; }

/* Fills [addr, addr+len) from native code, one store at a time (each new page faults inside this function). */
void mmaptk_pager_native_fill(void *addr, size_t len, uint8_t value)
{
    volatile uint8_t *p = addr;
    for (size_t i = 0; i < len; i++) p[i] = value;
}

/* Sum of bytes in [addr, addr+len), read from native code. */
uint64_t mmaptk_pager_native_sum(const void *addr, size_t len)
{
    const volatile uint8_t *p = addr;
    uint64_t s = 0;
    for (size_t i = 0; i < len; i++) s += p[i];
    return s;
}

/* The crash probe's child must not leave a core file behind. */
int mmaptk_pager_disable_core_dumps(void)
{
    struct rlimit none = { 0, 0 };
    return setrlimit(RLIMIT_CORE, &none);
}

/* Jumps to addr as if it were a function (the crash probe's "execute a non-executable pager page"). */
void mmaptk_pager_native_call(void *addr)
{
    void (*f)(void) = (void (*)(void))addr;
    f();
}

/* SIGSEGV and SIGBUS to SIG_IGN, before a pager region exists (the crash probe's "ignored" case). */
int mmaptk_pager_ignore_fault_signals(void)
{
    return (signal(SIGSEGV, SIG_IGN) == SIG_ERR || signal(SIGBUS, SIG_IGN) == SIG_ERR) ? -1 : 0;
}
