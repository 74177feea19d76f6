namespace MmapToolkit.Model.Replacement;

/// <summary>What CLOCK-Pro knows about a page in its clock.</summary>
public enum ClockProStatus
{
    /// <summary>A resident hot page (small reuse distance).</summary>
    Hot,

    /// <summary>A resident cold page in its test period.</summary>
    ColdInTest,

    /// <summary>A resident cold page whose test period is over.</summary>
    Cold,

    /// <summary>A non-resident cold page still in its test period (only its identity is kept).</summary>
    NonResident,
}

/// <summary>
/// CLOCK-Pro (Jiang, Chen and Zhang, "CLOCK-Pro: An Effective Improvement of the CLOCK Replacement", USENIX ATC 2005),
/// section 4's three hands over one clock, as docs/model.md ("CLOCK-Pro") states it rule by rule:
/// <list type="bullet">
/// <item>The clock holds the hot pages, the resident cold pages and the non-resident cold pages in their test period.
/// HAND_hot's page is the list tail; the list head is just behind HAND_hot, so HAND_hot passing a page leaves it at the
/// head. New and promoted pages go to the head, with their reference bit 0; a hit sets the bit and does nothing else.</item>
/// <item>HAND_cold (a fault with every frame full) looks at the resident cold page farthest from the head: bit 0 → it is
/// the victim, kept as a non-resident page if in its test period, forgotten if not; bit 1 → bit cleared, and a page in
/// its test period is promoted to hot (m_c + 1), one out of it goes to the head with a new test period; then on.</item>
/// <item>A missing page the clock still holds (non-resident, in test) is promoted to hot at the head (m_c + 1); any
/// other missing page is a resident cold page at the head, in test.</item>
/// <item>After a promotion, while there are more than m − m_c hot pages HAND_hot runs: a hot page with bit 1 has it
/// cleared and is passed, the first with bit 0 becomes cold (out of test); every cold page it passes ends its test
/// period (a non-resident one leaves the clock); after the demotion it stops at the next hot page.</item>
/// <item>While more than m pages are non-resident, HAND_test ends the test period of the cold page in test farthest
/// from the head (leaving the clock if non-resident).</item>
/// <item>Each test period that ends adjusts m_c: + 1 if the page was referenced during it, − 1 if not; m_c stays in
/// [max(1, ⌊m/100⌋), m − that] and starts at the top (all cold, as libCacheSim starts).</item>
/// </list>
/// Implementation: the clock is a circular list whose front is HAND_hot; the resident cold pages and the pages in test
/// are two more circular lists in the clock's order from HAND_hot, whose fronts are HAND_cold and HAND_test, so those
/// hands never step over pages of another kind. HAND_hot walks every page; its steps are paid by the hits that set the
/// bits it clears, the demotions, and the test periods it ends, apart from the resident cold pages it passes (per lap
/// about m_c of them against about m − m_c hot pages: with m_c's bounds, about 99 at most per hot page).
/// </summary>
public sealed class ClockProPolicy : IReplacementPolicy
{
    private const int None = -1;

    // One node per page in the clock, in growable arrays; freed nodes are chained through _next.
    private long[] _page = new long[16];
    private int[] _frame = new int[16];      // None: non-resident
    private bool[] _hot = new bool[16];
    private bool[] _test = new bool[16];
    private bool[] _ref = new bool[16];
    private int[] _next = new int[16], _prev = new int[16];     // the clock, front = HAND_hot
    private int[] _cNext = new int[16], _cPrev = new int[16];   // resident cold pages, front = HAND_cold
    private int[] _tNext = new int[16], _tPrev = new int[16];   // pages in test, front = HAND_test
    private int _freeNode = None;
    private int _nodes;

    private readonly Dictionary<long, int> _nodeOfPage = new();
    private readonly int[] _nodeOfFrame;
    private int _handHot = None, _handCold = None, _handTest = None;

    public ClockProPolicy(int frames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        Frames = frames;
        MinColdTarget = Math.Max(1, frames / 100);
        MaxColdTarget = Math.Max(MinColdTarget, frames - MinColdTarget);
        ColdTarget = MaxColdTarget;
        _nodeOfFrame = new int[frames];
        Array.Fill(_nodeOfFrame, None);
    }

    public string Name => "clockpro";
    public int Frames { get; }

    /// <summary>m_c, the target number of resident cold pages (adapted by the test periods' outcomes).</summary>
    public int ColdTarget { get; private set; }

    /// <summary>The bounds of m_c: max(1, ⌊m/100⌋) and m minus that (at least the lower bound).</summary>
    public int MinColdTarget { get; }
    public int MaxColdTarget { get; }

    public int HotCount { get; private set; }
    public int ResidentColdCount { get; private set; }
    public int NonResidentCount { get; private set; }

    /// <summary>The clock from HAND_hot's page (the tail) to the head, each page with its status and reference bit.</summary>
    public IEnumerable<(long Page, ClockProStatus Status, bool Referenced)> Clock()
    {
        if (_handHot == None) yield break;
        int n = _handHot;
        do
        {
            yield return (_page[n], StatusOf(n), _ref[n]);
            n = _next[n];
        } while (n != _handHot);
    }

    /// <summary>The page under each hand (null when the hand has no page of its kind to point at).</summary>
    public long? HandHotPage => _handHot == None ? null : _page[_handHot];
    public long? HandColdPage => _handCold == None ? null : _page[_handCold];
    public long? HandTestPage => _handTest == None ? null : _page[_handTest];

    public void OnLoad(int frame, long page)
    {
        if (_nodeOfPage.TryGetValue(page, out int n))
        {
            // Still in the clock, so non-resident and in its test period: a reuse distance shorter than the test period.
            NonResidentCount--;
            _frame[n] = frame;
            _nodeOfFrame[frame] = n;
            Promote(n);
            return;
        }
        n = NewNode(page, frame);
        _nodeOfFrame[frame] = n;
        _test[n] = true;
        ResidentColdCount++;
        LinkBefore(_next, _prev, ref _handHot, n);
        LinkBefore(_cNext, _cPrev, ref _handCold, n);
        LinkBefore(_tNext, _tPrev, ref _handTest, n);
    }

    public void OnHit(int frame) => _ref[_nodeOfFrame[frame]] = true;

    public int ChooseVictim(long incomingPage)
    {
        while (true)
        {
            if (_handCold == None)
            {
                // Only the kernel model can get here (frames held outside the policy): make a hot page cold.
                if (HotCount == 0) return 0;
                RunHandHot();
                continue;
            }
            int n = _handCold;
            if (_ref[n])
            {
                _ref[n] = false;
                if (_test[n])
                {
                    Promote(n);
                }
                else
                {
                    Unlink(_cNext, _cPrev, ref _handCold, n);
                    LinkBefore(_cNext, _cPrev, ref _handCold, n);
                    MoveToHead(n);
                    _test[n] = true;
                    LinkBefore(_tNext, _tPrev, ref _handTest, n);
                }
                continue;
            }
            int frame = _frame[n];
            Unlink(_cNext, _cPrev, ref _handCold, n);
            ResidentColdCount--;
            _frame[n] = None;
            _nodeOfFrame[frame] = None;
            if (_test[n])
            {
                NonResidentCount++;
                while (NonResidentCount > Frames) EndTest(_handTest);
            }
            else
            {
                Forget(n);
            }
            return frame;
        }
    }

    public void OnRemove(int frame)
    {
        int n = _nodeOfFrame[frame];
        if (n == None) return;   // the victim ChooseVictim already took out
        // Freed from outside (munmap, exit): forget the page.
        _nodeOfFrame[frame] = None;
        if (_hot[n])
        {
            HotCount--;
        }
        else
        {
            ResidentColdCount--;
            Unlink(_cNext, _cPrev, ref _handCold, n);
            if (_test[n]) Unlink(_tNext, _tPrev, ref _handTest, n);
        }
        Forget(n);
    }

    // A cold page referenced in its test period (resident, at HAND_cold; or faulted in while non-resident) turns hot.
    private void Promote(int n)
    {
        Unlink(_tNext, _tPrev, ref _handTest, n);
        _test[n] = false;
        if (!_hot[n] && _cNext[n] != None)
        {
            Unlink(_cNext, _cPrev, ref _handCold, n);
            ResidentColdCount--;
        }
        _hot[n] = true;
        _ref[n] = false;
        HotCount++;
        MoveToHead(n);
        AdjustColdTarget(+1);
        while (HotCount > Frames - ColdTarget) RunHandHot();
    }

    // One run: sweeps until it turns one hot page cold, then stops at the next hot page (if any is left).
    private void RunHandHot()
    {
        bool demoted = false;
        while (true)
        {
            int n = _handHot;
            if (demoted && (HotCount == 0 || _hot[n])) return;
            if (_hot[n])
            {
                if (_ref[n])
                {
                    _ref[n] = false;
                }
                else
                {
                    _hot[n] = false;
                    HotCount--;
                    ResidentColdCount++;
                    // Passed at once, so at the head: the back of the resident cold list.
                    LinkBefore(_cNext, _cPrev, ref _handCold, n);
                    demoted = true;
                }
                _handHot = _next[n];
                continue;
            }
            if (_frame[n] == None)
            {
                EndTest(n);   // leaves the clock; the hand is on the next page
                continue;
            }
            if (_test[n]) EndTest(n);
            // The first resident cold page from HAND_hot is HAND_cold's; passing it sends it to the back of that list.
            _handCold = _cNext[n];
            _handHot = _next[n];
        }
    }

    // The end of a test period (HAND_test's or HAND_hot's work): m_c follows the outcome.
    private void EndTest(int n)
    {
        Unlink(_tNext, _tPrev, ref _handTest, n);
        _test[n] = false;
        if (_frame[n] == None)
        {
            NonResidentCount--;
            AdjustColdTarget(-1);
            Forget(n);
        }
        else
        {
            AdjustColdTarget(_ref[n] ? +1 : -1);
        }
    }

    private void AdjustColdTarget(int delta) => ColdTarget = Math.Clamp(ColdTarget + delta, MinColdTarget, MaxColdTarget);

    private ClockProStatus StatusOf(int n) =>
        _hot[n] ? ClockProStatus.Hot
        : _frame[n] == None ? ClockProStatus.NonResident
        : _test[n] ? ClockProStatus.ColdInTest : ClockProStatus.Cold;

    private void MoveToHead(int n)
    {
        Unlink(_next, _prev, ref _handHot, n);
        LinkBefore(_next, _prev, ref _handHot, n);
    }

    // Takes a page that is in no list but the clock out of the clock and out of memory's books.
    private void Forget(int n)
    {
        Unlink(_next, _prev, ref _handHot, n);
        _nodeOfPage.Remove(_page[n]);
        _next[n] = _freeNode;
        _freeNode = n;
    }

    private int NewNode(long page, int frame)
    {
        int n;
        if (_freeNode != None)
        {
            n = _freeNode;
            _freeNode = _next[n];
        }
        else
        {
            if (_nodes == _page.Length) Grow();
            n = _nodes++;
        }
        _page[n] = page;
        _frame[n] = frame;
        _hot[n] = _test[n] = _ref[n] = false;
        _next[n] = _prev[n] = _cNext[n] = _cPrev[n] = _tNext[n] = _tPrev[n] = None;
        _nodeOfPage[page] = n;
        return n;
    }

    private void Grow()
    {
        int size = _page.Length * 2;
        Array.Resize(ref _page, size);
        Array.Resize(ref _frame, size);
        Array.Resize(ref _hot, size);
        Array.Resize(ref _test, size);
        Array.Resize(ref _ref, size);
        Array.Resize(ref _next, size);
        Array.Resize(ref _prev, size);
        Array.Resize(ref _cNext, size);
        Array.Resize(ref _cPrev, size);
        Array.Resize(ref _tNext, size);
        Array.Resize(ref _tPrev, size);
    }

    // Circular doubly linked lists through (next, prev) with a front: inserting before the front appends at the back.
    private static void LinkBefore(int[] next, int[] prev, ref int front, int n)
    {
        if (front == None)
        {
            next[n] = prev[n] = n;
            front = n;
            return;
        }
        int back = prev[front];
        next[back] = n;
        prev[n] = back;
        next[n] = front;
        prev[front] = n;
    }

    private static void Unlink(int[] next, int[] prev, ref int front, int n)
    {
        if (next[n] == None) return;
        if (next[n] == n)
        {
            front = None;
        }
        else
        {
            int p = prev[n], q = next[n];
            next[p] = q;
            prev[q] = p;
            if (front == n) front = q;
        }
        next[n] = prev[n] = None;
    }
}
