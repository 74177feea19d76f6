using System.Runtime.InteropServices;

namespace MmapToolkit.Interop;

/// <summary>&lt;sys/resource.h&gt;: getrusage, for fault counts.</summary>
internal static partial class Libc
{
    internal const int RUSAGE_SELF = 0, RUSAGE_CHILDREN = -1, RUSAGE_THREAD = 1;

    /// <summary>struct timeval on x86_64 / aarch64 Linux: two longs.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct TimeVal
    {
        public long Seconds;
        public long Microseconds;
    }

    /// <summary>struct rusage on 64-bit Linux: two timevals then fourteen longs, 144 bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct Rusage
    {
        public TimeVal UserTime;
        public TimeVal SystemTime;
        public long MaxRss;              // KiB
        public long SharedTextSize;      // unused by Linux
        public long UnsharedDataSize;    // unused by Linux
        public long UnsharedStackSize;   // unused by Linux
        public long MinorFaults;         // ru_minflt
        public long MajorFaults;         // ru_majflt
        public long Swaps;               // unused by Linux
        public long BlockInputs;
        public long BlockOutputs;
        public long MessagesSent;        // unused by Linux
        public long MessagesReceived;    // unused by Linux
        public long Signals;             // unused by Linux
        public long VoluntaryContextSwitches;
        public long InvoluntaryContextSwitches;
    }

    [LibraryImport(Name, EntryPoint = "getrusage", SetLastError = true)]
    internal static partial int Getrusage(int who, out Rusage usage);
}
