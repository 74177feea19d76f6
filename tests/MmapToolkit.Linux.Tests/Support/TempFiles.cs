namespace MmapToolkit.Linux.Tests.Support;

/// <summary>A temporary directory deleted with everything in it when disposed.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("mmaptk-test-").FullName;

    public string File(string name, byte[]? contents = null)
    {
        string path = System.IO.Path.Combine(Path, name);
        if (contents is not null) System.IO.File.WriteAllBytes(path, contents);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

public static class ProcMaps
{
    /// <summary>True when some mapping in /proc/self/maps contains <paramref name="address"/> (VMAs merge with
    /// like neighbours, so a region need not start its own line).</summary>
    public static bool Covers(nint address)
    {
        ulong a = (ulong)address;
        foreach (string line in System.IO.File.ReadLines("/proc/self/maps"))
        {
            var range = line[..line.IndexOf(' ')].Split('-');
            if (a >= Convert.ToUInt64(range[0], 16) && a < Convert.ToUInt64(range[1], 16)) return true;
        }
        return false;
    }

    /// <summary>True when /proc/self/maps has a mapping of exactly [address, address + length).</summary>
    public static bool HasMapping(nint address, long length)
    {
        string range = $"{(ulong)address:x}-{(ulong)address + (ulong)length:x} ";
        return System.IO.File.ReadLines("/proc/self/maps").Any(line => line.StartsWith(range, StringComparison.Ordinal));
    }
}
