using System.Runtime.InteropServices;

namespace MmapToolkit.Interop;

/// <summary>&lt;sys/wait.h&gt;: wait4, which reaps a child and returns its resource usage (its fault counts).</summary>
internal static partial class Libc
{
    [LibraryImport(Name, EntryPoint = "wait4", SetLastError = true)]
    internal static partial int Wait4(int pid, out int status, int options, out Rusage usage);

    [LibraryImport(Name, EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);
}
