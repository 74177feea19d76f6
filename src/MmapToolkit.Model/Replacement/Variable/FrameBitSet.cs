using System.Numerics;

namespace MmapToolkit.Model.Replacement;

/// <summary>
/// A set of frame numbers 0..n-1 as a bitmap with summary levels above it (a bit per non-empty word of the level
/// below), so "the first member at or after i" costs O(log₆₄ n) however sparse the set is. WSClock's hand uses it to
/// jump over the frames it would only pass.
/// </summary>
internal sealed class FrameBitSet
{
    private readonly ulong[][] _levels;   // [0] = one bit per frame
    private readonly int _size;

    public FrameBitSet(int size)
    {
        _size = size;
        var levels = new List<ulong[]>();
        int words = Math.Max(1, (size + 63) >> 6);
        while (true)
        {
            levels.Add(new ulong[words]);
            if (words == 1) break;
            words = (words + 63) >> 6;
        }
        _levels = [.. levels];
    }

    public bool Contains(int i) => (_levels[0][i >> 6] & (1UL << (i & 63))) != 0;

    public void Add(int i)
    {
        for (int level = 0; level < _levels.Length; level++)
        {
            ref ulong word = ref _levels[level][i >> 6];
            bool wasEmpty = word == 0;
            word |= 1UL << (i & 63);
            if (!wasEmpty) return;
            i >>= 6;
        }
    }

    public void Remove(int i)
    {
        for (int level = 0; level < _levels.Length; level++)
        {
            ref ulong word = ref _levels[level][i >> 6];
            word &= ~(1UL << (i & 63));
            if (word != 0) return;
            i >>= 6;
        }
    }

    /// <summary>The smallest member ≥ <paramref name="from"/> and &lt; <paramref name="limit"/>, or -1.</summary>
    public int Next(int from, int limit)
    {
        if (from >= limit || from >= _size) return -1;
        int level = 0;
        long index = from;
        while (true)
        {
            ulong[] words = _levels[level];
            long w = index >> 6;
            if (w >= words.Length) return -1;
            ulong word = words[w] & (~0UL << (int)(index & 63));
            if (word != 0)
            {
                index = (w << 6) + BitOperations.TrailingZeroCount(word);
                break;
            }
            if (level == _levels.Length - 1) return -1;
            index = w + 1;   // the next word of this level is the next bit of the level above
            level++;
        }
        while (level > 0)
        {
            level--;
            index = (index << 6) + BitOperations.TrailingZeroCount(_levels[level][index]);
        }
        return index < limit ? (int)index : -1;
    }
}
