namespace MmapToolkit.Model.Replacement.Traces;

/// <summary>
/// Builds a <see cref="DenseTrace"/> one reference at a time, renumbering pages as they come: 5 bytes per reference
/// (a 4-byte id and a store flag) plus the page table, instead of the whole text or a list of records.
/// </summary>
public sealed class DenseTraceBuilder : TraceSink
{
    /// <summary>The most references one trace may hold: ids and flags take 5 bytes each (5 GB at the limit), and OPT
    /// adds 4 more per reference.</summary>
    public const int MaxReferences = 1_000_000_000;

    private readonly PageIdMap _map = new();
    private int[] _ids;
    private bool[] _writes;
    private long[] _pages = new long[1024];
    private int _count;

    public DenseTraceBuilder(int expectedReferences = 1 << 16)
    {
        int n = Math.Clamp(expectedReferences, 16, MaxReferences);
        _ids = new int[n];
        _writes = new bool[n];
    }

    /// <summary>Names the source in the message when the trace passes <see cref="MaxReferences"/>.</summary>
    public string SourceName { get; init; } = "trace";

    public int Count => _count;
    public int Distinct => _map.Count;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public override void Add(long page, bool write)
    {
        int n = _count;
        if (n == _ids.Length) Grow();
        int before = _map.Count;
        int id = _map.GetOrAdd(page);
        if (id == before) NewPage(id, page);
        _ids[n] = id;
        _writes[n] = write;
        _count = n + 1;
    }

    private void NewPage(int id, long page)
    {
        if (id == _pages.Length) Array.Resize(ref _pages, _pages.Length * 2);
        _pages[id] = page;
    }

    /// <summary>Makes room for <paramref name="references"/> in all (a hint: more may come, at the cost of a copy).</summary>
    public void EnsureCapacity(int references)
    {
        int n = Math.Clamp(references, _count, MaxReferences);
        if (n <= _ids.Length) return;
        Array.Resize(ref _ids, n);
        Array.Resize(ref _writes, n);
    }

    private void Grow()
    {
        if (_count >= MaxReferences)
            throw new ArgumentException($"{SourceName}: more than {MaxReferences:N0} references; the simulator holds at most that many: cut the trace or sample it");
        // Grow by half: the copy briefly needs both arrays, so smaller steps keep the peak nearer the trace's size.
        int size = (int)Math.Min(MaxReferences, (long)_ids.Length + _ids.Length / 2 + 16);
        Array.Resize(ref _ids, size);
        Array.Resize(ref _writes, size);
    }

    /// <summary>The trace so far (the builder must not be used afterwards).</summary>
    public DenseTrace Build()
    {
        if (_ids.Length != _count)
        {
            Array.Resize(ref _ids, _count);
            Array.Resize(ref _writes, _count);
        }
        return new DenseTrace(_ids, _pages.AsSpan(0, _map.Count).ToArray(), _writes);
    }
}
