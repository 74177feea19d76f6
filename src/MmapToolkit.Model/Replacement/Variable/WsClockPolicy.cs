namespace MmapToolkit.Model.Replacement;

/// <summary>
/// WSClock (Carr and Hennessy, "WSCLOCK — A Simple and Effective Algorithm for Virtual Memory Management", SOSP 1981),
/// as Tanenbaum's "Modern Operating Systems" (section 3.4.9) states it, with one process and a pool of F frames. Time
/// counts references. Each resident page has a reference bit R (set by a load and by a hit), its time of last use
/// (set when loaded, and when the hand finds R set) and a dirty bit. While a frame is free a missing page takes the
/// lowest-numbered one. When all are used, the hand sweeps the circle of frames from where it stopped:
/// <list type="bullet">
/// <item>R = 1: clear it, set the time of last use to now, advance;</item>
/// <item>R = 0 and age (now − last use) &gt; τ: outside the working set. Clean: this is the victim. Dirty: the write-back
/// is scheduled (here it completes at once: counted, and the page is clean), advance;</item>
/// <item>R = 0 and age ≤ τ: in the working set, advance.</item>
/// </list>
/// Back at its start, the hand goes on if it scheduled a write-back (the first page it cleaned is the victim); if it
/// scheduled none, every page is in the working set: the victim is the first clean page from the start, or, with none,
/// the page at the start (written back). The hand stops one past the victim.
/// <para>The resident set is the pool once it has filled (WSClock frees nothing between faults); what the working set
/// decides is which page leaves, and the count of victims taken from inside the working set says memory is smaller than
/// the working set.</para>
/// <para>Speed: the hand visits only the frames where something happens (R set, or old), found in bitmaps; the pages
/// it would merely pass (R clear, young) are skipped. A page's R is cleared only by the hand, which sets its last use
/// to now, so the pages with R clear are ordered by last use in a queue, and those older than τ are a prefix of it.
/// Each step is O(log₆₄ F) and paid for by a reference (a hit or load set the R bit cleared, a store dirtied the page
/// written back), so a run costs O(n log₆₄ F) even when every page is in the working set. The tests compare it with a
/// plain lap-by-lap sweep.</para>
/// </summary>
public static class WsClockPolicy
{
    public static VariableAllocationResult Run(DenseTrace trace, int frames, long tau)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tau, 1);
        var run = new Sweeper(Math.Min(frames, Math.Max(1, trace.Distinct)), tau, trace.Distinct);   // more frames than pages never fill
        int[] ids = trace.Ids;
        bool[] writes = trace.Writes;
        for (int i = 0; i < ids.Length; i++) run.Reference(ids[i], writes[i], now: i + 1);
        long n = ids.Length;
        return new VariableAllocationResult("wsclock", $"tau {tau}", frames, n, run.Faults, n - run.Faults,
                                            n == 0 ? 0 : (double)run.ResidentSum / n, run.Used)
        {
            WriteBacks = run.WriteBacks, EvictionsOutsideWorkingSet = run.Outside, EvictionsInsideWorkingSet = run.Inside,
        };
    }

    private sealed class Sweeper(int pool, long tau, int distinct)
    {
        private readonly int[] _frameOf = Filled(distinct);
        private readonly int[] _idIn = new int[pool];
        private readonly bool[] _dirty = new bool[pool];
        private readonly long[] _lastUse = new long[pool];
        private readonly FrameBitSet _referenced = new(pool);
        private readonly FrameBitSet _old = new(pool);     // R clear and older than τ (as of the last sweep)
        private readonly FrameBitSet _clean = new(pool);
        // R clear, not yet known to be old: a queue in order of last use (the time the hand cleared R).
        private readonly int[] _prev = new int[pool];
        private readonly int[] _next = new int[pool];
        private readonly bool[] _queued = new bool[pool];
        private int _head = -1, _tail = -1;
        private int _hand;

        public int Used { get; private set; }
        public long Faults { get; private set; }
        public long ResidentSum { get; private set; }
        public long WriteBacks { get; private set; }
        public long Outside { get; private set; }
        public long Inside { get; private set; }

        private static int[] Filled(int n)
        {
            var a = new int[n];
            Array.Fill(a, -1);
            return a;
        }

        public void Reference(int page, bool write, long now)
        {
            int f = _frameOf[page];
            if (f >= 0)
            {
                if (!_referenced.Contains(f))
                {
                    _referenced.Add(f);
                    if (_old.Contains(f)) _old.Remove(f); else if (_queued[f]) Dequeue(f);
                }
                if (write && !_dirty[f]) { _dirty[f] = true; _clean.Remove(f); }
            }
            else
            {
                Faults++;
                if (Used < pool)
                {
                    f = Used++;
                }
                else
                {
                    f = Sweep(now);
                    _frameOf[_idIn[f]] = -1;
                    _referenced.Remove(f);
                    _old.Remove(f);
                    if (_queued[f]) Dequeue(f);
                }
                _idIn[f] = page;
                _frameOf[page] = f;
                _referenced.Add(f);
                _lastUse[f] = now;
                _dirty[f] = write;
                if (write) _clean.Remove(f); else _clean.Add(f);
            }
            ResidentSum += Used;
        }

        private int Sweep(long now)
        {
            while (_head >= 0 && now - _lastUse[_head] > tau)
            {
                int q = _head;
                Dequeue(q);
                _old.Add(q);
            }
            int start = _hand, firstCleaned = -1, from = start, limit = pool;
            while (true)
            {
                int a = First(_referenced.Next(from, limit), _old.Next(from, limit));
                if (a < 0)
                {
                    if (limit == start || start == 0) break;   // back at the start: a full lap
                    from = 0;
                    limit = start;
                    continue;
                }
                if (_referenced.Contains(a))
                {
                    _referenced.Remove(a);
                    _lastUse[a] = now;
                    Enqueue(a);
                }
                else if (!_dirty[a])
                {
                    Outside++;
                    return Claim(a);
                }
                else
                {
                    _dirty[a] = false;
                    _clean.Add(a);
                    WriteBacks++;
                    if (firstCleaned < 0) firstCleaned = a;
                }
                from = a + 1;
            }
            if (firstCleaned >= 0)
            {
                Outside++;
                return Claim(firstCleaned);
            }
            Inside++;
            int clean = _clean.Next(start, pool);
            if (clean < 0) clean = _clean.Next(0, start);
            if (clean >= 0) return Claim(clean);
            WriteBacks++;   // every page dirty and in the working set: the one at the start is written back and taken
            return Claim(start);
        }

        private static int First(int a, int b) => a < 0 ? b : b < 0 ? a : Math.Min(a, b);

        private int Claim(int f)
        {
            _hand = f + 1 == pool ? 0 : f + 1;
            return f;
        }

        private void Enqueue(int f)
        {
            _queued[f] = true;
            _prev[f] = _tail;
            _next[f] = -1;
            if (_tail >= 0) _next[_tail] = f; else _head = f;
            _tail = f;
        }

        private void Dequeue(int f)
        {
            _queued[f] = false;
            if (_prev[f] >= 0) _next[_prev[f]] = _next[f]; else _head = _next[f];
            if (_next[f] >= 0) _prev[_next[f]] = _prev[f]; else _tail = _prev[f];
        }
    }
}
