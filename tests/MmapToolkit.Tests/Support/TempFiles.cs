namespace MmapToolkit.Tests.Support;

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
    /// <summary>True when /proc/self/maps has a mapping that starts at <paramref name="address"/> (whatever its length).</summary>
    public static bool HasMappingAt(nint address)
    {
        string start = ((ulong)address).ToString("x") + "-";
        return System.IO.File.ReadLines("/proc/self/maps").Any(line => line.StartsWith(start, StringComparison.Ordinal));
    }

    /// <summary>True when /proc/self/maps has a mapping of exactly [address, address + length).</summary>
    public static bool HasMapping(nint address, long length)
    {
        string range = $"{(ulong)address:x}-{(ulong)address + (ulong)length:x} ";
        return System.IO.File.ReadLines("/proc/self/maps").Any(line => line.StartsWith(range, StringComparison.Ordinal));
    }
}
