using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Model.Tests.Replacement.Policies;

/// <summary>Runs a policy over a short trace and spells what each reference did, for hand-checked expectations:
/// "h" a hit, "m" a miss into a free frame, "-7" a miss that evicted page 7.</summary>
internal static class PolicyRun
{
    public static string Steps(IReplacementPolicy policy, string trace)
    {
        var dense = DenseTrace.From(TraceParser.Parse(trace));
        var engine = new ReplacementEngine(policy, dense);
        var steps = new List<string>();
        for (int i = 0; i < dense.Length; i++)
        {
            bool hit = engine.Step(dense.Ids[i], dense.Writes[i]);
            steps.Add(hit ? "h" : engine.LastEvictedId < 0 ? "m" : "-" + dense.PageOfId[engine.LastEvictedId]);
        }
        return string.Join(' ', steps);
    }

    /// <summary>The frame holding <paramref name="page"/>, for asserting a policy's per-frame state.</summary>
    public static int FrameOf(ReplacementEngine engine, DenseTrace trace, long page)
    {
        for (int f = 0; f < engine.Frames; f++)
            if (engine.IdInFrame(f) >= 0 && trace.PageOfId[engine.IdInFrame(f)] == page) return f;
        return -1;
    }
}
