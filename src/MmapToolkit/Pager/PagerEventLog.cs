using MmapToolkit.Interop;

namespace MmapToolkit.Pager;

/// <summary>
/// Reads a region's event log: a ring of the last 4096 faults, written by the signal handler and read here without
/// taking any lock. Each <see cref="ReadNew"/> returns the events since the previous call; if the handler lapped the
/// reader, the overwritten ones are counted in <see cref="Lost"/>.
/// </summary>
public sealed unsafe class PagerEventLog
{
    /// <summary>Events the ring holds; older ones are overwritten.</summary>
    public const int Capacity = 4096;
    private readonly UserPager _pager;
    private ulong _next = 1;

    internal PagerEventLog(UserPager pager) => _pager = pager;

    /// <summary>Events that were overwritten before this reader saw them.</summary>
    public long Lost { get; private set; }

    /// <summary>The events written since the previous call, oldest first; throws <see cref="ObjectDisposedException"/>
    /// once the pager is disposed.</summary>
    public IReadOnlyList<PagerEvent> ReadNew()
    {
        ObjectDisposedException.ThrowIf(_pager.IsDisposed, _pager);
        var result = new List<PagerEvent>();
        var buffer = new NativeLib.PagerEventRecord[256];
        fixed (NativeLib.PagerEventRecord* p = buffer)
        {
            while (true)
            {
                ulong from = _next;
                ulong next = 0;
                var records = p;
                int n = _pager.WithRegion(id => NativeLib.PagerReadEvents(id, from, records, buffer.Length, out next));
                if (n < 0) throw new ObjectDisposedException(nameof(UserPager));
                ulong expected = from;
                for (int i = 0; i < n; i++)
                {
                    var e = buffer[i];
                    if (e.Seq > expected) Lost += (long)(e.Seq - expected);
                    expected = e.Seq + 1;
                    result.Add(new PagerEvent(e.Seq, e.Page, (PagerFaultCause)e.Cause, e.Frame, e.Victim, e.Write != 0, e.VictimDirty != 0));
                }
                if (next > expected) Lost += (long)(next - expected);
                _next = next;
                if (n < buffer.Length) break;
            }
        }
        return result;
    }
}
