using System.Runtime.InteropServices;

namespace MmapToolkit.Interop;

/// <summary>Bindings to native/src/agents/agent.c and touch.c; the structs mirror agent.h and touch.h field for field.</summary>
internal static unsafe partial class NativeLib
{
    internal const uint AgentMagic = 0x47414b4d;
    internal const int AgentMaxPayload = 65536;
    internal const int AgentMaxExecArgs = 8;

    internal enum AgentOp : uint
    {
        Ping = 1, Touch = 2, Mprotect = 3, Madvise = 4, Msync = 5, Munmap = 6, MmapAnon = 7,
        Fork = 8, Exec = 9, Open = 10, Close = 11, Exit = 12,
    }

    /// <summary>mmaptk_touch_result, 64 bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct TouchResultNative
    {
        public long MinorFaults;
        public long MajorFaults;
        public long ElapsedNs;
        public ulong ByteSum;
        public ulong Completed;
        public ulong FaultAddress;
        public int Signal;
        public int SiCode;
        public int Error;
        public int Reserved;
    }

    /// <summary>mmaptk_agent_cmd, 48 bytes; the payload follows it in the same message.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct AgentCommand
    {
        public uint Magic;
        public AgentOp Op;
        public ulong Address;
        public ulong Length;
        public long Arg;
        public long Arg2;
        public ulong PayloadLength;
    }

    /// <summary>mmaptk_agent_reply, 96 bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct AgentReply
    {
        public uint Magic;
        public AgentOp Op;
        public long Ret;
        public int Error;
        public int Pid;
        public long ForkNs;
        public TouchResultNative Touch;
    }

    /// <summary>mmaptk_agent_spawned, 24 bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct AgentSpawned
    {
        public int Pid;
        public int Socket;
        public int PidFd;
        public int Reserved;
        public long ForkNs;
    }

    [LibraryImport(Name, EntryPoint = "mmaptk_agent_spawn")]
    internal static partial int AgentSpawn(out AgentSpawned spawned);

    [LibraryImport(Name, EntryPoint = "mmaptk_agent_call")]
    internal static partial int AgentCall(int socket, AgentCommand* command, void* payload, int timeoutMs, AgentReply* reply, int* fds);

    [LibraryImport(Name, EntryPoint = "mmaptk_agent_send_exit")]
    internal static partial int AgentSendExit(int socket, int code);

    [LibraryImport(Name, EntryPoint = "mmaptk_agent_wait")]
    internal static partial int AgentWait(int pidfd, int ownChild, int timeoutMs, out int wstatus);

    [LibraryImport(Name, EntryPoint = "mmaptk_agent_signal")]
    internal static partial int AgentSignal(int pidfd, int signal);

    [LibraryImport(Name, EntryPoint = "mmaptk_agent_has_ended")]
    internal static partial int AgentHasEnded(int pidfd);

    [LibraryImport(Name, EntryPoint = "mmaptk_touch")]
    internal static partial int Touch(ulong* addresses, ulong count, int write, uint value, TouchResultNative* result);

    /// <summary>Safe wrapper: one command, its reply, and the (at most two) descriptors it carried (-1 when none).</summary>
    internal static int AgentCall(int socket, ref AgentCommand command, ReadOnlySpan<byte> payload, int timeoutMs,
                                  out AgentReply reply, out int fd0, out int fd1)
    {
        command.Magic = AgentMagic;
        command.PayloadLength = (ulong)payload.Length;
        int* fds = stackalloc int[2];
        AgentReply r;
        int rc;
        fixed (AgentCommand* c = &command)
        fixed (byte* p = payload)
            rc = AgentCall(socket, c, p, timeoutMs, &r, fds);
        reply = r;
        fd0 = fds[0];
        fd1 = fds[1];
        return rc;
    }

    /// <summary>Safe wrapper over mmaptk_touch.</summary>
    internal static int Touch(ReadOnlySpan<nint> addresses, bool write, byte value, out TouchResultNative result)
    {
        TouchResultNative r;
        int rc;
        fixed (nint* a = addresses)
            rc = Touch((ulong*)a, (ulong)addresses.Length, write ? 1 : 0, value, &r);
        result = r;
        return rc;
    }
}
