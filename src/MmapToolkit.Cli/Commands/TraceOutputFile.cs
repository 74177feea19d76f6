using System.IO.Compression;

namespace MmapToolkit.Cli.Commands;

/// <summary>
/// Where <c>trace convert</c>, <c>trace gen</c> and <c>trace record</c> write: "-" is standard output; a name ending in
/// .gz is gzip-compressed (System.IO.Compression) and one ending in .zst zstd-compressed (ZstdSharp.Port, the package
/// that reads .zst), the format inside following the rest of the name (t.bin.zst: binary).
/// </summary>
internal static class TraceOutputFile
{
    public static bool IsStandardOutput(string path) => path == "-";

    /// <summary>
    /// The prepare step's check that <paramref name="path"/> can be written, by trying: an existing file is opened for
    /// writing without truncating it, a new one is created and removed again. Root passes permission bits, so only
    /// trying tells (a read-only file system, /proc). Refusals are one line naming the option and the path.
    /// </summary>
    public static void CheckWritable(string path, string option)
    {
        if (IsStandardOutput(path)) return;
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

    /// <summary>Opens the output for writing (compressing by its name); disposing the stream finishes the file.</summary>
    /// <param name="standardOutput">What "-" writes to; null: the process's standard output.</param>
    public static Stream Open(string path, Stream? standardOutput = null)
    {
        if (IsStandardOutput(path)) return new NonClosingStream(standardOutput ?? Console.OpenStandardOutput());
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) return new GZipStream(file, CompressionLevel.Fastest);
        // zstd's default level (3): several times gzip's speed here and smaller files.
        if (path.EndsWith(".zst", StringComparison.OrdinalIgnoreCase)) return new ZstdSharp.CompressionStream(file, leaveOpen: false);
        return file;
    }

    /// <summary>Standard output stays open when the writer is done with it.</summary>
    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
        protected override void Dispose(bool disposing) => inner.Flush();
    }
}
