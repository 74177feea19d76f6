/*
 * agent: a real forked child process that the managed parent drives one command at a time.
 *
 * docs/design.md rule 1: no managed code runs in the child. mmaptk_agent_spawn forks (a raw clone, from a native
 * thread of this library that lives as long as the process, so that PR_SET_PDEATHSIG fires when the process
 * dies and not when the managed thread that asked happens to exit); the child then only runs agent.c's command
 * loop: raw system calls, fixed-size buffers, no malloc, and it leaves with _exit.
 *
 * Channel: one AF_UNIX SOCK_SEQPACKET socket pair per agent (both ends close-on-exec). One command message
 * (mmaptk_agent_cmd, then payload_len bytes of payload) gets one reply message (mmaptk_agent_reply). FORK's
 * reply carries two descriptors with SCM_RIGHTS: the new agent's socket and a pidfd for it. A successful EXEC
 * never replies: the exec closes the agent's end of the socket (close-on-exec), so the parent reads EOF; a
 * failed EXEC replies with the errno and the agent keeps serving. The agent writes nothing else to the
 * socket, so "EOF after EXEC while the process lives" can only mean the exec succeeded.
 *
 * The agent's own children (FORK) are agents too. SIGCHLD is ignored in every agent, so they are reaped by the
 * kernel; every agent has PR_SET_PDEATHSIG(SIGKILL); and an agent that exits (EXIT, or EOF on its socket)
 * first SIGKILLs and waits for the agents it forked, so none is left to pid 1.
 *
 * The managed side (src/MmapToolkit/Interop/NativeLib.Agent.cs) mirrors these structs exactly; the asserts below
 * pin their layouts (layout_assert.h).
 */
#ifndef MMAPTK_AGENT_H
#define MMAPTK_AGENT_H

#include <stdint.h>

#include "layout_assert.h"
#include "touch.h"

#define MMAPTK_AGENT_MAGIC 0x47414b4du            /* "MKAG" */
#define MMAPTK_AGENT_MAX_PAYLOAD 65536u           /* bytes after the header: 8192 TOUCH addresses */
#define MMAPTK_AGENT_MAX_EXEC_ARGS 8              /* argv strings after the path */
#define MMAPTK_AGENT_MAX_FORKS 64                 /* live agents one agent may have forked */

enum mmaptk_agent_op {
    MMAPTK_AGENT_PING = 1,      /* -> ret = the agent's pid */
    MMAPTK_AGENT_TOUCH = 2,     /* payload: uint64 addresses; arg = value; arg2 = 1 write / 0 read */
    MMAPTK_AGENT_MPROTECT = 3,  /* addr, length, arg = prot */
    MMAPTK_AGENT_MADVISE = 4,   /* addr, length, arg = advice */
    MMAPTK_AGENT_MSYNC = 5,     /* addr, length, arg = flags */
    MMAPTK_AGENT_MUNMAP = 6,    /* addr, length */
    MMAPTK_AGENT_MMAP_ANON = 7, /* length, arg = prot, arg2 = flags (MAP_ANONYMOUS is added) -> ret = address */
    MMAPTK_AGENT_FORK = 8,      /* -> ret = pid, elapsed_ns = clone time; SCM_RIGHTS: socket, pidfd */
    MMAPTK_AGENT_EXEC = 9,      /* payload: path\0argv0\0argv1\0...; arg = argc (>= 1). No reply on success */
    MMAPTK_AGENT_OPEN = 10,     /* payload: path\0; arg = open flags (O_CLOEXEC added), mode 0600 -> ret = fd */
    MMAPTK_AGENT_CLOSE = 11,    /* arg = fd */
    MMAPTK_AGENT_EXIT = 12,     /* arg = exit code. No reply */
};

/* 48 bytes, then payload_len bytes of payload in the same message. */
typedef struct mmaptk_agent_cmd {
    uint32_t magic;
    uint32_t op;                /* enum mmaptk_agent_op */
    uint64_t addr;
    uint64_t length;
    int64_t arg;
    int64_t arg2;
    uint64_t payload_len;
} mmaptk_agent_cmd;

MMAPTK_ASSERT_SIZE(mmaptk_agent_cmd, 48);
MMAPTK_ASSERT_OFFSET(mmaptk_agent_cmd, magic, 0);
MMAPTK_ASSERT_OFFSET(mmaptk_agent_cmd, op, 4);
MMAPTK_ASSERT_OFFSET(mmaptk_agent_cmd, addr, 8);
MMAPTK_ASSERT_OFFSET(mmaptk_agent_cmd, length, 16);
MMAPTK_ASSERT_OFFSET(mmaptk_agent_cmd, arg, 24);
MMAPTK_ASSERT_OFFSET(mmaptk_agent_cmd, arg2, 32);
MMAPTK_ASSERT_OFFSET(mmaptk_agent_cmd, payload_len, 40);

/* 96 bytes. */
typedef struct mmaptk_agent_reply {
    uint32_t magic;
    uint32_t op;                /* the command's op */
    int64_t ret;                /* the system call's result: 0, an fd, an address, a pid; -1 when error != 0 */
    int32_t error;              /* errno, 0 on success */
    int32_t pid;                /* the replying agent's pid */
    int64_t fork_ns;            /* FORK: the clone call, measured in the agent */
    mmaptk_touch_result touch;  /* TOUCH: the measurement and the fault that stopped the loop, if any */
} mmaptk_agent_reply;

MMAPTK_ASSERT_SIZE(mmaptk_agent_reply, 96);
MMAPTK_ASSERT_OFFSET(mmaptk_agent_reply, magic, 0);
MMAPTK_ASSERT_OFFSET(mmaptk_agent_reply, op, 4);
MMAPTK_ASSERT_OFFSET(mmaptk_agent_reply, ret, 8);
MMAPTK_ASSERT_OFFSET(mmaptk_agent_reply, error, 16);
MMAPTK_ASSERT_OFFSET(mmaptk_agent_reply, pid, 20);
MMAPTK_ASSERT_OFFSET(mmaptk_agent_reply, fork_ns, 24);
MMAPTK_ASSERT_OFFSET(mmaptk_agent_reply, touch, 32);

/* What the parent gets from a spawn. 24 bytes. */
typedef struct mmaptk_agent_spawned {
    int32_t pid;
    int32_t sock;               /* the parent's end of the socket pair (close-on-exec) */
    int32_t pidfd;              /* close-on-exec */
    int32_t reserved;
    int64_t fork_ns;            /* the clone call, measured in the parent */
} mmaptk_agent_spawned;

MMAPTK_ASSERT_SIZE(mmaptk_agent_spawned, 24);
MMAPTK_ASSERT_OFFSET(mmaptk_agent_spawned, pid, 0);
MMAPTK_ASSERT_OFFSET(mmaptk_agent_spawned, sock, 4);
MMAPTK_ASSERT_OFFSET(mmaptk_agent_spawned, pidfd, 8);
MMAPTK_ASSERT_OFFSET(mmaptk_agent_spawned, reserved, 12);
MMAPTK_ASSERT_OFFSET(mmaptk_agent_spawned, fork_ns, 16);

/* Forks a new agent. 0, or -errno. */
int mmaptk_agent_spawn(mmaptk_agent_spawned *out);

/* Sends one command and waits at most timeout_ms for its reply.
 * 0: *reply filled (fds[0..1] = the descriptors a FORK reply carried, else -1);
 * -EPIPE: the agent closed its end (it exec'd, exited or died) before replying;
 * -ETIMEDOUT: no reply in time (the agent is still there: kill it);
 * -EMSGSIZE: payload too large; -EPROTO: a malformed reply; or another -errno. */
int mmaptk_agent_call(int sock, const mmaptk_agent_cmd *cmd, const void *payload, int timeout_ms,
                      mmaptk_agent_reply *reply, int32_t *fds);

/* Sends EXIT(code) without waiting. 0 or -errno (-EPIPE if the agent is gone). */
int mmaptk_agent_send_exit(int sock, int code);

/* Waits at most timeout_ms (negative: forever) for the process behind pidfd to end. When it is a child of this
 * process (own_child != 0), also reaps it (waitid P_PIDFD) and stores a waitpid-style status in *wstatus; for a
 * process that is not our child (an agent forked by an agent, reaped by its own parent) *wstatus is set to -1.
 * 0, -ETIMEDOUT, -ECHILD (already reaped), or -errno. */
int mmaptk_agent_wait(int pidfd, int32_t own_child, int timeout_ms, int32_t *wstatus);

/* pidfd_send_signal. 0, or -errno (-ESRCH when the process has already ended). */
int mmaptk_agent_signal(int pidfd, int32_t sig);

/* 1 when the process behind pidfd has ended (or is a zombie), 0 when it still runs, -errno on error. */
int mmaptk_agent_has_ended(int pidfd);

#endif
