namespace MmapToolkit.Model.Replacement.Traces;

/// <summary>
/// Page number to dense id: open addressing with linear probing over two flat arrays, kept at most half full. A lookup
/// is one multiply and usually one probe, several times cheaper than <c>Dictionary&lt;long, int&gt;</c>, which matters
/// at tens of millions of references per second. Memory: 24 bytes per slot, at most 4 slots per distinct page.
/// </summary>
internal sealed class PageIdMap
{
    private const long Empty = -1;   // page numbers are non-negative
    private long[] _keys;
    private int[] _values;
    private int _shift;              // 64 - log2(capacity)
    private int _count;

    public PageIdMap(int capacityLog2 = 12)
    {
        _keys = new long[1 << capacityLog2];
        Array.Fill(_keys, Empty);
        _values = new int[1 << capacityLog2];
        _shift = 64 - capacityLog2;
    }

    public int Count => _count;

    /// <summary>The id of <paramref name="page"/>, or <see cref="Count"/> (the next id) after adding it.</summary>
    public int GetOrAdd(long page)
    {
        long[] keys = _keys;
        int mask = keys.Length - 1;
        int i = (int)(((ulong)page * 0x9E3779B97F4A7C15UL) >> _shift);
        while (true)
        {
            long k = keys[i];
            if (k == page) return _values[i];
            if (k == Empty) break;
            i = (i + 1) & mask;
        }
        int id = _count++;
        keys[i] = page;
        _values[i] = id;
        if (_count * 2 > keys.Length) Grow();
        return id;
    }

    private void Grow()
    {
        long[] oldKeys = _keys;
        int[] oldValues = _values;
        int size = oldKeys.Length * 2;
        _keys = new long[size];
        Array.Fill(_keys, Empty);
        _values = new int[size];
        _shift--;
        int mask = size - 1;
        for (int j = 0; j < oldKeys.Length; j++)
        {
            long k = oldKeys[j];
            if (k == Empty) continue;
            int i = (int)(((ulong)k * 0x9E3779B97F4A7C15UL) >> _shift);
            while (_keys[i] != Empty) i = (i + 1) & mask;
            _keys[i] = k;
            _values[i] = oldValues[j];
        }
    }
}
