namespace MmapToolkit.Cli.Commands;

/// <summary>Files the commands write (--out, --chart, --html), checked in the prepare step so a path that cannot be
/// written is refused (exit 2) before any work runs, not after it (exit 1).</summary>
internal static class OutputPath
{
    /// <summary>
    /// The prepare step's check that <paramref name="path"/> can be written, by trying: an existing file is opened for
    /// writing without truncating it, a new one is created and removed again. Root passes permission bits, so only
    /// trying tells (a read-only file system, /proc). Refusals are one line naming the option and the path.
    /// </summary>
    public static void CheckWritable(string path, string option)
    {
        if (path.Length == 0) throw new ArgumentException($"{option} needs a file name, got an empty string");
        if (Directory.Exists(path)) throw new ArgumentException($"{option} '{path}' is a directory, not a file to write");
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null && !Directory.Exists(directory))
            throw new ArgumentException($"{option} '{path}': the directory {directory} does not exist");
        try
        {
            if (File.Exists(path))
            {
                using (new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite)) { }
            }
            else
            {
                using (new FileStream(path, FileMode.CreateNew, FileAccess.Write)) { }
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new ArgumentException($"{option} '{path}' cannot be written: {e.Message}");
        }
    }
}
