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

    /// <summary>Checks the path can be written (<see cref="OutputPath.CheckWritable"/>); "-" is standard output.</summary>
    public static void CheckWritable(string path, string option)
    {
        if (!IsStandardOutput(path)) OutputPath.CheckWritable(path, option);
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
