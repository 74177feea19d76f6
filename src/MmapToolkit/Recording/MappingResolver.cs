using MmapToolkit.Interop;

namespace MmapToolkit.Recording;

/// <summary>
/// Which mapping an address belonged to at a moment: from /proc/PID/maps snapshots (taken while the process lived,
/// re-read when a fault falls outside what is known), and from perf MMAP2 records for mappings that were unmapped
/// before any snapshot saw them. A child the program forked has its parent's layout at the fork: when its own maps
/// were never read, the root process's are used.
/// </summary>
internal sealed class MappingResolver
{
    private readonly Dictionary<int, List<ProcessMapsSnapshot>> _snapshots = [];
    private readonly List<PerfRecord> _mmaps = [];
    private readonly int _rootPid;

    public MappingResolver(int rootPid) => _rootPid = rootPid;

    public void Add(ProcessMapsSnapshot snapshot)
    {
        if (!_snapshots.TryGetValue(snapshot.Pid, out var list)) _snapshots[snapshot.Pid] = list = [];
        list.Add(snapshot);
    }

    public void AddMmap(PerfRecord record) => _mmaps.Add(record);

    /// <summary>True when the newest snapshot of <paramref name="pid"/> covers the address.</summary>
    public bool Covers(int pid, ulong address)
        => _snapshots.TryGetValue(pid, out var list) && list[^1].Find(address) is not null;

    public FaultMapping? Resolve(int pid, ulong address, long timeNs)
        => FromSnapshots(pid, address, timeNs) ?? FromMmaps(pid, address, timeNs) ?? FromSnapshots(_rootPid, address, timeNs)
           ?? FromMmaps(_rootPid, address, timeNs);

    // The snapshot closest in time that covers the address, preferring one taken after the fault.
    private FaultMapping? FromSnapshots(int pid, ulong address, long timeNs)
    {
        if (!_snapshots.TryGetValue(pid, out var list)) return null;
        FaultMapping? before = null;
        foreach (var s in list)
        {
            var m = s.Find(address);
            if (m is null) continue;
            if (s.TakenNs >= timeNs) return m;
            before = m;
        }
        return before;
    }

    private FaultMapping? FromMmaps(int pid, ulong address, long timeNs)
    {
        PerfRecord? found = null;
        foreach (var r in _mmaps)
        {
            if (r.Pid != pid || r.TimeNs > timeNs || address < r.Address || address >= r.Address + r.Length) continue;
            found = r;   // the newest mmap before the fault wins
        }
        if (found is not { } m) return null;
        string perms = new([(m.Protection & MmanConstants.PROT_READ) != 0 ? 'r' : '-', (m.Protection & MmanConstants.PROT_WRITE) != 0 ? 'w' : '-',
                            (m.Protection & MmanConstants.PROT_EXEC) != 0 ? 'x' : '-', (m.MapFlags & MmanConstants.MAP_SHARED) != 0 ? 's' : 'p']);
        string name = m.FileName ?? "";
        var kind = name.StartsWith("//anon", StringComparison.Ordinal) || name.Length == 0 ? FaultMappingKind.Anonymous
                 : FaultMapping.KindOf(name, inode: 1);
        return new FaultMapping(m.Address, m.Address + m.Length, perms, kind == FaultMappingKind.File ? m.PageOffset : 0,
                                kind == FaultMappingKind.Anonymous ? "" : name, kind, FromMapsFile: false);
    }
}
