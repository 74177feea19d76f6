namespace MmapToolkit.Recording;

/// <summary>How a <see cref="FaultRecorder"/> records.</summary>
public sealed record FaultRecorderOptions
{
    /// <summary>The default <see cref="BufferPages"/>: 64 pages (256 KiB) per CPU, within the unprivileged limit
    /// kernel.perf_event_mlock_kb (516 KiB per CPU by default).</summary>
    public const int DefaultBufferPages = 64;

    /// <summary>Data pages of each ring buffer (one per CPU, or one for the calling thread): a power of two.
    /// A fault record takes 48 bytes (about 100 with the tracepoint's).</summary>
    public int BufferPages { get; init; } = DefaultBufferPages;

    /// <summary>Whether a thread drains the buffers while recording (the default). Without it the buffers are read
    /// only at <see cref="FaultRecorder.Stop"/>, and what does not fit is lost (and counted).</summary>
    public bool DrainWhileRecording { get; init; } = true;

    internal void Validate()
    {
        if (BufferPages < 1 || BufferPages > 1 << 16 || (BufferPages & (BufferPages - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(BufferPages), BufferPages, "the ring buffer's pages must be a power of two from 1 to 65536");
    }
}
