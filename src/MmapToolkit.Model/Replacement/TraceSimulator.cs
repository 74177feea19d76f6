namespace MmapToolkit.Model.Replacement;

/// <summary>
/// Runs a replacement policy over a reference string with a fixed number of frames and counts faults, hits and swap
/// traffic (the semantics of docs/design.md section 3, shared with the user-level pager). The pager calls this to print the
/// model's faults next to its real ones, so <see cref="Run(string, int, IReadOnlyList{PageReference}, ulong, bool)"/>
/// keeps its signature.
/// </summary>
public static class TraceSimulator
{
    /// <param name="policy">fifo, lru, opt, clock, random, or any other name <see cref="PolicyFactory"/> accepts.</param>
    /// <param name="frames">Number of physical frames, at least 1.</param>
    /// <param name="trace">The reference string.</param>
    /// <param name="seed">Seed for random.</param>
    /// <param name="recordTable">Also record the frame-by-frame table (memory grows with frames × references).</param>
    public static SimulationResult Run(string policy, int frames, IReadOnlyList<PageReference> trace,
                                       ulong seed = 1, bool recordTable = false)
        => Run(policy, frames, DenseTrace.From(trace), seed, recordTable);

    /// <summary>The same on a trace already renumbered (reuse one <see cref="DenseTrace"/> across runs).</summary>
    public static SimulationResult Run(string policy, int frames, DenseTrace trace, ulong seed = 1, bool recordTable = false)
        => Run(policy, frames, trace, PolicyOptions.Default, seed, recordTable);

    /// <summary>The same with the policies' parameters (2Q's Kin, aging's bits, ...; <see cref="PolicyOptions"/>).</summary>
    public static SimulationResult Run(string policy, int frames, DenseTrace trace, PolicyOptions options, ulong seed = 1, bool recordTable = false)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(options);
        string name = PolicyFactory.Normalize(policy);
        if (frames < 1) throw new ArgumentOutOfRangeException(nameof(frames), frames, "the number of frames must be at least 1");
        int used = UsableFrames(frames, trace);
        SimulationResult result;
        if (!recordTable && FastSimulator.TryRun(name, used, trace) is { } fast)
        {
            result = fast;
        }
        else
        {
            int[]? nextUse = name == "opt" ? OptPolicy.NextUses(trace.Ids, trace.Distinct) : null;
            result = Run(PolicyFactory.Create(name, used, options, seed, nextUse), trace, recordTable, tableFrames: frames);
        }
        return used == frames ? result : result with { Frames = frames };
    }

    /// <summary>
    /// The frames a run can ever fill: a trace of d distinct pages fills at most d frames, so with d frames or more
    /// nothing is evicted and every policy gives the same result (d faults, all cold). Runs simulate only these, so
    /// memory follows the trace, not the frame count asked for.
    /// </summary>
    public static int UsableFrames(int frames, DenseTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        return Math.Min(frames, Math.Max(1, trace.Distinct));
    }

    /// <summary>The same with a policy instance (fresh, with the frame count to simulate).</summary>
    public static SimulationResult Run(IReplacementPolicy policy, DenseTrace trace, bool recordTable = false)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return Run(policy, trace, recordTable, policy.Frames);
    }

    // tableFrames >= policy.Frames: the table's rows beyond the simulated frames stay empty.
    private static SimulationResult Run(IReplacementPolicy policy, DenseTrace trace, bool recordTable, int tableFrames)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var engine = new ReplacementEngine(policy, trace);
        FrameTable? table = recordTable ? new FrameTable(tableFrames) : null;
        int[] ids = trace.Ids;
        bool[] writes = trace.Writes;
        if (table is null)
        {
            for (int i = 0; i < ids.Length; i++) engine.Step(ids[i], writes[i]);
        }
        else
        {
            var column = new long[policy.Frames];
            for (int i = 0; i < ids.Length; i++)
            {
                engine.Step(ids[i], writes[i]);
                for (int f = 0; f < column.Length; f++)
                {
                    int id = engine.IdInFrame(f);
                    column[f] = id < 0 ? -1 : trace.PageOfId[id];
                }
                table.Record(trace.PageOfId[ids[i]], column, engine.LastLoadedFrame);
            }
        }
        return new SimulationResult(policy.Name, policy.Frames, engine.References, engine.Faults, engine.Hits,
                                    engine.Evictions, engine.SwapOuts, engine.SwapIns, table)
        { ZeroFills = engine.ZeroFills };
    }
}
