namespace MmapToolkit.Profile;

/// <summary>The transparent huge page settings in /sys/kernel/mm/transparent_hugepage: the global mode and each mTHP size's.</summary>
public static class TransparentHugePages
{
    /// <summary>Where the kernel shows the THP settings.</summary>
    public const string Directory = "/sys/kernel/mm/transparent_hugepage";

    /// <summary>The selected word of a sysfs choice line: <c>always [madvise] never</c> gives <c>madvise</c>.</summary>
    public static string? Selected(string choices)
    {
        int open = choices.IndexOf('['), close = choices.IndexOf(']');
        return open >= 0 && close > open ? choices[(open + 1)..close] : null;
    }

    /// <summary>The global mode (<c>always</c>, <c>madvise</c>, <c>never</c>), or <c>unavailable</c> without THP.</summary>
    public static string GlobalMode() => ReadSelected(Path.Combine(Directory, "enabled")) ?? "unavailable";

    /// <summary>The shmem (memfd, tmpfs) setting: never, always, within_size, advise, deny, force; "unavailable" without THP.</summary>
    public static string ShmemMode() => ReadSelected(Path.Combine(Directory, "shmem_enabled")) ?? "unavailable";

    /// <summary>Each multi-size THP size (<c>64kB</c> → <c>inherit</c>, …), smallest first; empty on kernels without mTHP.</summary>
    public static IReadOnlyDictionary<string, string> SizeModes()
    {
        var modes = new SortedDictionary<string, string>(Comparer<string>.Create((a, b) => KiB(a).CompareTo(KiB(b))));
        if (!System.IO.Directory.Exists(Directory)) return modes;
        foreach (string dir in System.IO.Directory.EnumerateDirectories(Directory, "hugepages-*kB"))
        {
            string size = Path.GetFileName(dir)["hugepages-".Length..];
            if (ReadSelected(Path.Combine(dir, "enabled")) is { } mode) modes[size] = mode;
        }
        return modes;
    }

    /// <summary>True when anonymous memory can get huge or large pages at all: a global mode or some size not <c>never</c>.</summary>
    public static bool AnyEnabled(string globalMode, IReadOnlyDictionary<string, string> sizes) =>
        globalMode is "always" or "madvise" ||
        sizes.Values.Any(m => m is "always" or "madvise" || (m == "inherit" && globalMode is "always" or "madvise"));

    private static long KiB(string size) => long.TryParse(size.TrimEnd('B', 'k'), out long k) ? k : long.MaxValue;

    private static string? ReadSelected(string path)
    {
        try
        {
            return Selected(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
