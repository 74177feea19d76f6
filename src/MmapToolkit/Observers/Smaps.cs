using System.Globalization;

namespace MmapToolkit.Observers;

/// <summary>
/// Parses <c>/proc/&lt;pid&gt;/smaps</c> (one block per mapping) and <c>/proc/&lt;pid&gt;/smaps_rollup</c> (the
/// kernel's own sum over every mapping). Reading another user's process needs root (or ptrace rights):
/// <see cref="UnauthorizedAccessException"/> otherwise; a pid that does not exist gives <see cref="ProcessNotFoundException"/>,
/// a kernel thread or a zombie (no address space) <see cref="NoAddressSpaceException"/>.
/// </summary>
public static class Smaps
{
    /// <summary>Every mapping of process <paramref name="pid"/> with its figures.</summary>
    public static IReadOnlyList<SmapsMapping> Read(int pid) => Parse(ReadProcText(pid, "smaps"), $"/proc/{pid}/smaps");

    /// <summary>The whole process's figures as the kernel sums them (exact; per-mapping Pss is rounded down to KiB each).</summary>
    public static SmapsFigures ReadRollup(int pid) => ParseRollup(ReadProcText(pid, "smaps_rollup"), $"/proc/{pid}/smaps_rollup");

    /// <summary>Parses the text of an smaps file. <paramref name="source"/> names it in error messages.</summary>
    public static IReadOnlyList<SmapsMapping> Parse(string text, string source = "smaps")
    {
        var mappings = new List<SmapsMapping>();
        Header? header = null;
        var fields = new Dictionary<string, long>();
        IReadOnlyList<string> vmFlags = [];
        int lineNumber = 0;

        void Finish()
        {
            if (header is { } h)
                mappings.Add(new SmapsMapping(h.Start, h.End, h.Permissions, h.Offset, h.Device, h.Inode, h.Name,
                                              SmapsFigures.From(fields), vmFlags));
            fields = new Dictionary<string, long>();
            vmFlags = [];
        }

        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            if (line.Length == 0) continue;
            if (TryParseHeader(line, out var h))
            {
                Finish();
                header = h;
                continue;
            }
            if (header is null)
                throw new FormatException($"{source}, line {lineNumber}: expected a mapping header (start-end perms offset dev inode [name]), found '{line}'");
            ParseField(line, source, lineNumber, fields, ref vmFlags);
        }
        Finish();
        return mappings;
    }

    /// <summary>Parses the text of an smaps_rollup file.</summary>
    public static SmapsFigures ParseRollup(string text, string source = "smaps_rollup")
    {
        var mappings = Parse(text, source);
        if (mappings.Count != 1)
            throw new FormatException($"{source}: expected one [rollup] block, found {mappings.Count} (a zombie or a kernel thread has no address space to report)");
        return mappings[0].Figures;
    }

    private readonly record struct Header(ulong Start, ulong End, string Permissions, ulong Offset, string Device, ulong Inode, string Name);

    // "7f3a2c000000-7f3a2c021000 rw-p 00000000 00:00 0                          [heap]"
    private static bool TryParseHeader(string line, out Header header)
    {
        header = default;
        int dash = line.IndexOf('-');
        int space = line.IndexOf(' ');
        if (dash <= 0 || space <= dash) return false;
        if (!ulong.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong start) ||
            !ulong.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong end))
            return false;
        var rest = line[(space + 1)..];
        var parts = rest.Split(' ', 5, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 4 || parts[0].Length != 4) return false;
        if (!ulong.TryParse(parts[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong offset) ||
            !ulong.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out ulong inode))
            return false;
        string name = parts.Length == 5 ? parts[4].Trim() : "";
        header = new Header(start, end, parts[0], offset, parts[2], inode, name);
        return true;
    }

    // "Rss:                 132 kB", "THPeligible:    0", "VmFlags: rd wr mr mw me ac sd"
    private static void ParseField(string line, string source, int lineNumber, Dictionary<string, long> fields, ref IReadOnlyList<string> vmFlags)
    {
        int colon = line.IndexOf(':');
        if (colon <= 0)
            throw new FormatException($"{source}, line {lineNumber}: expected 'Name: value', found '{line}'");
        string key = line[..colon];
        var value = line.AsSpan(colon + 1).Trim();
        if (key == "VmFlags")
        {
            vmFlags = value.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return;
        }
        if (value.EndsWith(" kB")) value = value[..^3].TrimEnd();
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long number))
            fields[key] = number;
        // Other non-numeric fields (future kernels) are ignored rather than fatal.
    }

    internal static string ReadProcText(int pid, string file)
    {
        if (pid <= 0) throw new ArgumentOutOfRangeException(nameof(pid), pid, "a pid is a positive number");
        if (!Directory.Exists($"/proc/{pid}")) throw new ProcessNotFoundException(pid);
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/{file}");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException
                                  || (e is IOException && !Directory.Exists($"/proc/{pid}")))
        {
            throw new ProcessNotFoundException(pid);
        }
        catch (IOException) when (WithoutAddressSpace(pid) is { } e)
        {
            throw e;
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UnauthorizedAccessException(
                $"cannot read /proc/{pid}/{file}: permission denied (another user's process needs root, or ptrace rights over it)", e);
        }
        // A kernel thread's smaps reads as empty rather than failing.
        if (text.Length == 0 && file.StartsWith("smaps", StringComparison.Ordinal) && WithoutAddressSpace(pid) is { } none) throw none;
        return text;
    }

    private const uint PF_KTHREAD = 0x00200000;

    /// <summary>Why process <paramref name="pid"/> has no address space (a kernel thread, a zombie), from
    /// /proc/PID/stat's state and flags; null if it has one or has gone.</summary>
    internal static NoAddressSpaceException? WithoutAddressSpace(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        // "2 (kthreadd) S 0 0 0 0 -1 2129984 ...": the name may hold spaces and parentheses, so split after the last ')'.
        int open = stat.IndexOf('('), close = stat.LastIndexOf(')');
        if (open < 0 || close < open) return null;
        string command = stat[(open + 1)..close];
        string[] fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 7 || !uint.TryParse(fields[6], NumberStyles.None, CultureInfo.InvariantCulture, out uint flags)) return null;
        if ((flags & PF_KTHREAD) != 0) return new NoAddressSpaceException(pid, command, kernelThread: true);
        if (fields[0] is "Z" or "X") return new NoAddressSpaceException(pid, command, kernelThread: false);
        return null;
    }
}
