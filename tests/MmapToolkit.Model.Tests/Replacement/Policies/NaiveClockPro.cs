using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Model.Tests.Replacement.Policies;

/// <summary>
/// CLOCK-Pro written as plainly as docs/model.md states it, for checking <see cref="ClockProPolicy"/>: the clock is a
/// list from HAND_hot's page (index 0, the tail) to the head (the end); HAND_hot passing a page moves it from the front
/// to the end. HAND_cold and HAND_test keep no position of their own: each is found by scanning from the front for the
/// first resident cold page, or the first page in its test period (the paper's "farthest from the list head"). Every
/// count is recomputed by a scan. O(clock) per step, for short traces.
/// </summary>
internal sealed class NaiveClockPro
{
    private sealed class Page
    {
        public long Id;
        public bool Resident, Hot, Test, Ref;
    }

    private readonly List<Page> _clock = new();
    private readonly int _frames, _min, _max;

    public NaiveClockPro(int frames)
    {
        _frames = frames;
        _min = Math.Max(1, frames / 100);
        _max = Math.Max(_min, frames - _min);
        ColdTarget = _max;
    }

    public int ColdTarget { get; private set; }

    private int Hot => _clock.Count(p => p.Hot);
    private int Resident => _clock.Count(p => p.Resident);
    private int NonResident => _clock.Count(p => !p.Resident);

    /// <summary>One reference: "h" a hit, "m" a load into a free frame, "-7" a load that evicted page 7.</summary>
    public string Step(long id)
    {
        var page = _clock.Find(p => p.Id == id);
        if (page is { Resident: true })
        {
            page.Ref = true;
            return "h";
        }
        string step = "m";
        if (Resident == _frames) step = "-" + RunHandCold();
        // HAND_cold's run may have ended the page's test period and dropped it: look again.
        page = _clock.Find(p => p.Id == id);
        if (page is not null)
        {
            page.Resident = true;
            Promote(page);
        }
        else
        {
            _clock.Add(new Page { Id = id, Resident = true, Test = true });
        }
        return step;
    }

    /// <summary>The clock from the tail, as <see cref="ClockProPolicy.Clock"/> gives it.</summary>
    public List<(long Page, ClockProStatus Status, bool Referenced)> Snapshot() =>
        _clock.Select(p => (p.Id,
            p.Hot ? ClockProStatus.Hot : !p.Resident ? ClockProStatus.NonResident : p.Test ? ClockProStatus.ColdInTest : ClockProStatus.Cold,
            p.Ref)).ToList();

    public long? HandCold => _clock.Find(p => p.Resident && !p.Hot)?.Id;
    public long? HandTest => _clock.Find(p => p.Test)?.Id;

    private long RunHandCold()
    {
        while (true)
        {
            var p = _clock.First(q => q.Resident && !q.Hot);
            if (p.Ref)
            {
                p.Ref = false;
                if (p.Test)
                {
                    Promote(p);
                }
                else
                {
                    ToHead(p);
                    p.Test = true;
                }
                continue;
            }
            p.Resident = false;
            if (p.Test)
            {
                while (NonResident > _frames) EndTest(_clock.First(q => q.Test));
            }
            else
            {
                _clock.Remove(p);
            }
            return p.Id;
        }
    }

    private void Promote(Page p)
    {
        p.Test = false;
        p.Hot = true;
        p.Ref = false;
        ToHead(p);
        Adjust(+1);
        while (Hot > _frames - ColdTarget) RunHandHot();
    }

    private void RunHandHot()
    {
        bool demoted = false;
        while (true)
        {
            var p = _clock[0];
            if (demoted && (Hot == 0 || p.Hot)) return;
            if (p.Hot)
            {
                if (p.Ref) p.Ref = false;
                else
                {
                    p.Hot = false;
                    demoted = true;
                }
                ToHead(p);
                continue;
            }
            if (p.Test) EndTest(p);
            if (p.Resident) ToHead(p);
        }
    }

    private void EndTest(Page p)
    {
        p.Test = false;
        if (!p.Resident)
        {
            _clock.Remove(p);
            Adjust(-1);
        }
        else
        {
            Adjust(p.Ref ? +1 : -1);
        }
    }

    private void ToHead(Page p)
    {
        _clock.Remove(p);
        _clock.Add(p);
    }

    private void Adjust(int delta) => ColdTarget = Math.Clamp(ColdTarget + delta, _min, _max);
}
