using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MmapToolkit.Interop;
using MmapToolkit.Observers;

namespace MmapToolkit.Linux.Tests.Interop;

/// <summary>
/// Every struct the bindings share with C, with the size and field offsets that the C side pins with
/// <c>_Static_assert</c> (native/src/common/layout_assert.h: next to each struct, and in libc_layout.c for the C library's
/// own). Changing a layout on one side fails that side's check until the other side and both lists agree again.
/// </summary>
public class MirroredStructLayoutTests
{
    private sealed record Mirror(Type Managed, string C, int Size, (string Field, int Offset)[] Fields);

    private static readonly Mirror[] Mirrors =
    [
        // native/src/pager/pager_api.h
        new(typeof(NativeLib.PagerConfig), "mmaptk_pager_config", 80,
            [("Pages", 0), ("Frames", 8), ("Policy", 12), ("Prot", 16), ("Backend", 20), ("FileOffset", 24),
             ("SwapSlots", 32), ("Seed", 40), ("FilePath", 48), ("SwapPath", 56), ("PoolName", 64), ("Tau", 72)]),
        new(typeof(NativeLib.PagerStats), "mmaptk_pager_stats", 112,
            [("ZeroFills", 0), ("FileReads", 8), ("SwapIns", 16), ("ReferenceFaults", 24), ("DirtyFaults", 32),
             ("SpuriousFaults", 40), ("Evictions", 48), ("SwapOuts", 56), ("CleanDrops", 64), ("BytesRead", 72),
             ("BytesWritten", 80), ("ResidentPages", 88), ("Events", 96), ("EvictionsInWorkingSet", 104)]),
        new(typeof(NativeLib.PagerUffdChildResult), "mmaptk_pager_uffd_child_result", 56 + NativeLib.PagerErrorLength,
            [("Rc", 0), ("How", 4), ("Euid", 8), ("SetupErrno", 12), ("Faults", 16), ("Evictions", 24), ("SwapOuts", 32),
             ("SwapIns", 40), ("Intact", 48), ("Error", 56)]),
        new(typeof(NativeLib.PagerEventRecord), "mmaptk_pager_event", 32,
            [("Seq", 0), ("Page", 8), ("Victim", 16), ("Frame", 24), ("Cause", 28), ("Write", 29), ("VictimDirty", 30),
             ("Reserved", 31)]),
        // native/src/agents/touch.h
        new(typeof(NativeLib.TouchResultNative), "mmaptk_touch_result", 64,
            [("MinorFaults", 0), ("MajorFaults", 8), ("ElapsedNs", 16), ("ByteSum", 24), ("Completed", 32),
             ("FaultAddress", 40), ("Signal", 48), ("SiCode", 52), ("Error", 56), ("Reserved", 60)]),
        // native/src/common/libc_layout.c: the C library's own structs
        new(typeof(Libc.TimeVal), "struct timeval", 16, [("Seconds", 0), ("Microseconds", 8)]),
        new(typeof(Libc.Rusage), "struct rusage", 144,
            [("UserTime", 0), ("SystemTime", 16), ("MaxRss", 32), ("SharedTextSize", 40), ("UnsharedDataSize", 48),
             ("UnsharedStackSize", 56), ("MinorFaults", 64), ("MajorFaults", 72), ("Swaps", 80), ("BlockInputs", 88),
             ("BlockOutputs", 96), ("MessagesSent", 104), ("MessagesReceived", 112), ("Signals", 120),
             ("VoluntaryContextSwitches", 128), ("InvoluntaryContextSwitches", 136)]),
        new(typeof(Libc.StatxHead), "struct statx", 256,
            [("Mask", 0), ("BlockSize", 4), ("Attributes", 8), ("Links", 16), ("Uid", 20), ("Gid", 24), ("Mode", 28),
             ("Spare0", 30), ("Inode", 32), ("Size", 40)]),
        // native/src/agents/agent.h
        new(typeof(NativeLib.AgentCommand), "mmaptk_agent_cmd", 48,
            [("Magic", 0), ("Op", 4), ("Address", 8), ("Length", 16), ("Arg", 24), ("Arg2", 32), ("PayloadLength", 40)]),
        new(typeof(NativeLib.AgentReply), "mmaptk_agent_reply", 96,
            [("Magic", 0), ("Op", 4), ("Ret", 8), ("Error", 16), ("Pid", 20), ("ForkNs", 24), ("Touch", 32)]),
        new(typeof(NativeLib.AgentSpawned), "mmaptk_agent_spawned", 24,
            [("Pid", 0), ("Socket", 4), ("PidFd", 8), ("Reserved", 12), ("ForkNs", 16)]),
        // native/src/agents/launch.h
        new(typeof(NativeLib.LaunchNative), "mmaptk_launch", 16, [("Pid", 0), ("GoFd", 4), ("StatusFd", 8), ("Reserved", 12)]),
        new(typeof(NativeLib.LaunchBaseline), "mmaptk_launch_baseline", 16, [("MinorFaults", 0), ("MajorFaults", 8)]),
        // native/src/common/perf_layout.c: the kernel's and the C library's structs the fault recorder binds
        new(typeof(Libc.PerfEventAttr), "struct perf_event_attr", 128,
            [("Type", 0), ("Size", 4), ("Config", 8), ("SamplePeriod", 16), ("SampleType", 24), ("ReadFormat", 32), ("Flags", 40),
             ("WakeupEvents", 48), ("BpType", 52), ("Config1", 56), ("Config2", 64), ("BranchSampleType", 72), ("SampleRegsUser", 80),
             ("SampleStackUser", 88), ("ClockId", 92), ("SampleRegsIntr", 96), ("AuxWatermark", 104), ("SampleMaxStack", 108),
             ("Reserved2", 110), ("AuxSampleSize", 112), ("Reserved3", 116), ("SigData", 120)]),
        new(typeof(Libc.PollFd), "struct pollfd", 8, [("Fd", 0), ("Events", 4), ("ReturnedEvents", 6)]),
        // native/src/profile/kernel_probe.h
        new(typeof(NativeLib.UserfaultfdProbeNative), "mmaptk_uffd_probe_t", 32,
            [("How", 0), ("ErrnoSyscall", 4), ("ErrnoUserModeOnly", 8), ("ErrnoDevice", 12), ("ErrnoApi", 16),
             ("Reserved", 20), ("Features", 24)]),
    ];

    public static TheoryData<string> MirroredStructs => [.. Mirrors.Select(m => m.C)];

    [Theory]
    [MemberData(nameof(MirroredStructs))]
    public void TheManagedMirrorHasTheSizeAndOffsetsTheCSideAsserts(string c)
    {
        var mirror = Mirrors.Single(m => m.C == c);
        var name = $"{mirror.Managed.Name} (mirror of {c})";

        Assert.True(mirror.Size == Marshal.SizeOf(mirror.Managed), $"{name}: Marshal.SizeOf is {Marshal.SizeOf(mirror.Managed)}, C says {mirror.Size}");
        Assert.True(mirror.Size == UnsafeSizeOf(mirror.Managed), $"{name}: Unsafe.SizeOf is {UnsafeSizeOf(mirror.Managed)}, C says {mirror.Size}");
        foreach (var (field, offset) in mirror.Fields)
        {
            int actual = (int)Marshal.OffsetOf(mirror.Managed, field);
            Assert.True(offset == actual, $"{name}.{field}: at offset {actual}, C says {offset}");
        }

        var declared = mirror.Managed.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Select(f => f.Name).Order().ToArray();
        Assert.True(declared.SequenceEqual(mirror.Fields.Select(f => f.Field).Order()),
            $"{name}: the fields are [{string.Join(", ", declared)}]; the list here names [{string.Join(", ", mirror.Fields.Select(f => f.Field))}]");
    }

    [Fact]
    public void EveryStructTheBindingsDeclareIsListed()
    {
        var declared = typeof(NativeLib).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(NativeLib).Namespace && t.IsValueType && !t.IsEnum && t.IsNested)
            .Where(t => !t.IsDefined(typeof(CompilerGeneratedAttribute)))
            .Select(t => t.FullName!).Order().ToArray();
        var listed = Mirrors.Select(m => m.Managed.FullName!).Order().ToArray();
        Assert.True(declared.SequenceEqual(listed),
            $"structs in MmapToolkit.Interop: [{string.Join(", ", declared)}]; listed with their C layout: [{string.Join(", ", listed)}]");
    }

    [Fact]
    public void APageMapEntryIsOneKernelPagemapWord() =>
        // PageMap reads /proc/PID/pagemap straight into a span of entries: one u64 each.
        Assert.Equal(sizeof(ulong), Unsafe.SizeOf<PageMapEntry>());

    private static int UnsafeSizeOf(Type t) =>
        (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(t).Invoke(null, null)!;
}
