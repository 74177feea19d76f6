using MmapToolkit.Interop;

namespace MmapToolkit.Recording;

/// <summary>
/// Which mapping an address belonged to at a moment: from /proc/PID/maps snapshots (taken while the process lived,
/// re-read when a fault falls outside what is known), and from perf MMAP2 records for mappings that were unmapped
/// before any snapshot saw them. A child the program forked has its parent's layout at the fork: when its own maps
/// were never read, the root process's are used. Lookups look at a few snapshots around the fault's time, so a long
/// recording with many snapshots stays fast.
/// </summary>
internal sealed class MappingResolver
{
    private const int SnapshotsLooked = 4;
    private readonly Dictionary<int, List<ProcessMapsSnapshot>> _snapshots = [];
    private readonly Dictionary<int, List<PerfRecord>> _mmaps = [];
    private readonly int _rootPid;

    public MappingResolver(int rootPid) => _rootPid = rootPid;

    /// <summary>Adds a snapshot; snapshots of one process arrive in time order.</summary>
    public void Add(ProcessMapsSnapshot snapshot)
    {
        if (!_snapshots.TryGetValue(snapshot.Pid, out var list)) _snapshots[snapshot.Pid] = list = [];
        list.Add(snapshot);
    }

    public void AddMmap(PerfRecord record)
    {
        if (!_mmaps.TryGetValue(record.Pid, out var list)) _mmaps[record.Pid] = list = [];
        list.Add(record);
    }

    /// <summary>True when the newest snapshot of <paramref name="pid"/>, or an mmap record, covers the address.</summary>
    public bool Covers(int pid, ulong address)
        => (_snapshots.TryGetValue(pid, out var list) && list[^1].Find(address) is not null) || FromMmaps(pid, address, long.MaxValue) is not null;

    public FaultMapping? Resolve(int pid, ulong address, long timeNs)
        => FromSnapshots(pid, address, timeNs) ?? FromMmaps(pid, address, timeNs) ?? FromSnapshots(_rootPid, address, timeNs)
           ?? FromMmaps(_rootPid, address, timeNs);

    /// <summary>
    /// The mapping as it was when the fault happened, or null when that is not known: the newer of the last maps
    /// snapshot taken before the fault and the last MMAP2 record before it (the kernel reports every mmap and every
    /// mprotect after the recorder is attached). A snapshot taken after the fault does not do: the protection may have
    /// changed since (the dynamic linker makes its relocated pages read-only once written).
    /// </summary>
    public FaultMapping? StateAt(int pid, ulong address, long timeNs)
    {
        FaultMapping? snapshot = null;
        long snapshotNs = long.MinValue;
        if (_snapshots.TryGetValue(pid, out var list))
        {
            int lo = FirstAtOrAfter(list, timeNs);
            for (int i = lo - 1; i >= Math.Max(0, lo - SnapshotsLooked); i--)
                if (list[i].Find(address) is { } m) { (snapshot, snapshotNs) = (m, list[i].TakenNs); break; }
        }
        var (mmap, mmapNs) = LatestMmap(pid, address, timeNs);
        return mmap is not null && mmapNs >= snapshotNs ? mmap : snapshot;
    }

    private static int FirstAtOrAfter(List<ProcessMapsSnapshot> list, long timeNs)
    {
        int lo = 0, hi = list.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (list[mid].TakenNs < timeNs) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    // The snapshots nearest the fault's time: first those taken after it (the mapping existed until then), then before.
    private FaultMapping? FromSnapshots(int pid, ulong address, long timeNs)
    {
        if (!_snapshots.TryGetValue(pid, out var list)) return null;
        int lo = FirstAtOrAfter(list, timeNs);
        for (int i = lo; i < Math.Min(list.Count, lo + SnapshotsLooked); i++)
            if (list[i].Find(address) is { } after) return after;
        for (int i = lo - 1; i >= Math.Max(0, lo - SnapshotsLooked); i--)
            if (list[i].Find(address) is { } before) return before;
        return null;
    }

    private FaultMapping? FromMmaps(int pid, ulong address, long timeNs) => LatestMmap(pid, address, timeNs).Mapping;

    private (FaultMapping? Mapping, long TimeNs) LatestMmap(int pid, ulong address, long timeNs)
    {
        if (!_mmaps.TryGetValue(pid, out var list)) return (null, 0);
        for (int i = list.Count - 1; i >= 0; i--)   // the newest mmap before the fault wins
        {
            var m = list[i];
            if (m.TimeNs > timeNs || address < m.Address || address >= m.Address + m.Length) continue;
            string perms = new([(m.Protection & MmanConstants.PROT_READ) != 0 ? 'r' : '-', (m.Protection & MmanConstants.PROT_WRITE) != 0 ? 'w' : '-',
                                (m.Protection & MmanConstants.PROT_EXEC) != 0 ? 'x' : '-', (m.MapFlags & MmanConstants.MAP_SHARED) != 0 ? 's' : 'p']);
            string name = m.FileName ?? "";
            var kind = name.StartsWith("//anon", StringComparison.Ordinal) || name.Length == 0 ? FaultMappingKind.Anonymous
                     : FaultMapping.KindOf(name, inode: 1);
            return (new FaultMapping(m.Address, m.Address + m.Length, perms, kind == FaultMappingKind.File ? m.PageOffset : 0,
                                     kind == FaultMappingKind.Anonymous ? "" : name, kind, FromMapsFile: false), m.TimeNs);
        }
        return (null, 0);
    }
}
