using System.Runtime.CompilerServices;
using MmapToolkit.Model.Replacement.Traces;

namespace MmapToolkit.Model.Replacement;

/// <summary>
/// Builds an <see cref="LruFaultCurve"/> as a trace is read, without holding the trace: each page number is renumbered
/// as it comes and its stack distance counted a batch at a time. Memory follows the distinct pages, not the trace's
/// length, and the references are gone through once (a <see cref="DenseTraceBuilder"/> and then
/// <see cref="LruFaultCurve.Compute(DenseTrace)"/> write 5 bytes a reference and read them back).
/// </summary>
public sealed class LruCurveBuilder : TraceSink
{
    private readonly PageIdMap _map = new();
    private readonly LruStackDistances _distances = new();
    private readonly int[] _batch = new int[8192];      // 32 KB: stays in the caches between the map and the count
    private int _count;

    public long References => _distances.References + _count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override void Add(long page, bool write)
    {
        int n = _count;
        _batch[n] = _map.GetOrAdd(page);
        if (++n == _batch.Length)
        {
            Flush(n);
            n = 0;
        }
        _count = n;
    }

    private void Flush(int n) => _distances.Add(_batch.AsSpan(0, n), _map.Count);

    /// <summary>The curve of every reference added (the builder must not be used afterwards).</summary>
    public LruFaultCurve Build()
    {
        Flush(_count);
        _count = 0;
        return LruFaultCurve.FromDistances(_distances, _map.Count);
    }
}
