using System.Globalization;

namespace MmapToolkit.Recording;

/// <summary>/proc/PID/maps of one process at one moment (CLOCK_MONOTONIC ns), sorted by address.</summary>
internal sealed class ProcessMapsSnapshot
{
    private readonly FaultMapping[] _mappings;

    private ProcessMapsSnapshot(int pid, long takenNs, FaultMapping[] mappings)
    {
        Pid = pid;
        TakenNs = takenNs;
        _mappings = mappings;
    }

    public int Pid { get; }
    public long TakenNs { get; }
    public IReadOnlyList<FaultMapping> Mappings => _mappings;

    /// <summary>The maps of <paramref name="pid"/> now, or null when it is gone (or a zombie, whose maps are empty).</summary>
    public static ProcessMapsSnapshot? TryRead(int pid, long nowNs)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/maps");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        var list = Parse(text);
        return list.Length == 0 ? null : new ProcessMapsSnapshot(pid, nowNs, list);
    }

    /// <summary>Lines "start-end perms offset dev inode [name]".</summary>
    internal static FaultMapping[] Parse(string text)
    {
        var list = new List<FaultMapping>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 5) continue;
            var range = parts[0].Split('-');
            if (range.Length != 2
                || !ulong.TryParse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong start)
                || !ulong.TryParse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong end)
                || !ulong.TryParse(parts[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong offset)
                || !ulong.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out ulong inode)) continue;
            string name = parts.Length > 5 ? parts[5].Trim() : "";
            list.Add(new FaultMapping(start, end, parts[1], offset, name, FaultMapping.KindOf(name, inode), FromMapsFile: true));
        }
        list.Sort((a, b) => a.Start.CompareTo(b.Start));
        return [.. list];
    }

    /// <summary>The mapping holding <paramref name="address"/>, or null.</summary>
    public FaultMapping? Find(ulong address)
    {
        int lo = 0, hi = _mappings.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            var m = _mappings[mid];
            if (address < m.Start) hi = mid - 1;
            else if (address >= m.End) lo = mid + 1;
            else return m;
        }
        return null;
    }
}
