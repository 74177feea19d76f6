namespace MmapToolkit.Model.Replacement;

/// <summary>
/// CLOCK (second chance), exactly as docs/design.md section 3: frames form a circle, the hand starts at frame 0; a load or a
/// hit sets the page's reference bit; on a miss with every frame full, while the frame under the hand has its bit set,
/// clear it and advance; replace the page there and advance the hand by one.
/// <para>With <c>bits</c> &gt; 1 this is the n-bit counter variant ("clock2", "clock3", ...): a load sets the counter to
/// 1, a hit increments it up to 2^bits - 1, the sweeping hand decrements it, and the victim is the first frame whose
/// counter is 0. Frequently used pages survive several sweeps. With bits = 1 it is plain CLOCK.</para>
/// <para>With <c>loadedReferenced</c> false ("clock0") a load leaves the bit at 0: only a hit sets it, so a page never
/// referenced again after its load is the hand's next victim. That is libCacheSim's Clock.c (objects inserted with
/// freq 0), kept so published CLOCK figures can be reproduced.</para>
/// </summary>
public sealed class ClockPolicy : IReplacementPolicy
{
    private readonly byte[] _counter;
    private readonly byte _max;
    private readonly byte _onLoad;
    private int _hand;

    public ClockPolicy(int frames, int bits = 1, bool loadedReferenced = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        if (bits is < 1 or > 8) throw new ArgumentOutOfRangeException(nameof(bits), bits, "a CLOCK counter has 1 to 8 bits");
        Frames = frames;
        Bits = bits;
        _max = (byte)((1 << bits) - 1);
        _onLoad = loadedReferenced ? (byte)1 : (byte)0;
        _counter = new byte[frames];
    }

    public string Name => _onLoad == 0 ? (Bits == 1 ? "clock0" : $"clock{Bits}, loaded at 0") : Bits == 1 ? "clock" : $"clock{Bits}";
    public int Frames { get; }
    public int Bits { get; }

    /// <summary>The frame under the hand.</summary>
    public int Hand => _hand;

    /// <summary>The reference bit (or counter) of a frame.</summary>
    public int Counter(int frame) => _counter[frame];

    public void OnLoad(int frame, long page) => _counter[frame] = _onLoad;

    public void OnHit(int frame)
    {
        if (_counter[frame] < _max) _counter[frame]++;
    }

    public int ChooseVictim(long incomingPage)
    {
        var counter = _counter;
        int hand = _hand;
        while (counter[hand] != 0)
        {
            counter[hand]--;
            if (++hand == counter.Length) hand = 0;
        }
        int victim = hand;
        if (++hand == counter.Length) hand = 0;
        _hand = hand;
        return victim;
    }

    public void OnRemove(int frame) => _counter[frame] = 0;
}
