using System.Globalization;
using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Cli.Commands;

/// <summary>The policies' parameters (--kin, --tau, ...) and the variable-allocation runs (ws, pff, wsclock).</summary>
internal static partial class SimRunner
{
    /// <summary>Which policies read each parameter (by <see cref="PolicyOptions"/> property), so a parameter no chosen
    /// policy reads is refused instead of ignored.</summary>
    private static readonly Dictionary<string, string[]> ParameterUsers = new()
    {
        [nameof(PolicyOptions.Kin)] = ["2q"],
        [nameof(PolicyOptions.Kout)] = ["2q"],
        [nameof(PolicyOptions.SmallFraction)] = ["s3fifo"],
        [nameof(PolicyOptions.GhostFraction)] = ["s3fifo"],
        [nameof(PolicyOptions.Bits)] = ["aging"],
        [nameof(PolicyOptions.Period)] = ["aging", "nru"],
        [nameof(PolicyOptions.LfuTies)] = ["lfu", "mfu"],
        [nameof(PolicyOptions.Tau)] = ["ws", "wsclock"],
        [nameof(PolicyOptions.Window)] = ["pff"],
    };

    /// <summary>"loaded" or "reached" (--lfu-ties).</summary>
    internal static LfuTies ParseLfuTies(string text) => text.Trim().ToLowerInvariant() switch
    {
        "loaded" => LfuTies.Loaded,
        "reached" => LfuTies.Reached,
        _ => throw new ArgumentException($"--lfu-ties expects loaded (the page loaded first goes) or reached (the page that reached its count first goes), got '{text}'"),
    };

    /// <summary>Validates the parameters and refuses one that no chosen policy reads, or one given with a mode that
    /// runs the policies at their defaults; returns the parameters to run with.</summary>
    private static PolicyOptions CheckPolicyParameters(SimRequest request, List<string> policies)
    {
        var parameters = request.Parameters ?? PolicyOptions.Default;
        parameters.Validate(OptionNames.Of);
        var given = request.ParametersGiven ?? [];
        foreach (string property in given)
        {
            string[] users = ParameterUsers[property];
            if (!policies.Any(users.Contains))
                throw new ArgumentException($"{OptionNames.Of(property)} is a parameter of {string.Join(" and ", users)}, not of --policy {request.Policy}");
            if (request.Belady || request.Subset)
                throw new ArgumentException($"{OptionNames.Of(property)}: --belady and --subset run the policies with their default parameters");
        }
        var variable = policies.Where(VariableAllocation.IsVariable).ToList();
        if (variable.Count > 0 && policies.Count > 1)
            throw new ArgumentException($"--policy {request.Policy}: {variable[0]} varies the frames it uses; run it on its own");
        if (variable.Count > 0 && (request.Belady || request.Subset || request.Mrc || request.Table))
            throw new ArgumentException($"--policy {variable[0]} gives faults and the resident-set size; --belady, --subset, --mrc and --table are for fixed frames");
        return parameters;
    }

    /// <summary>ws and pff need no --frames (they take what the working set needs): 0; wsclock needs one count, its pool.</summary>
    private static int VariablePool(SimRequest request, string policy)
    {
        if (policy == "wsclock")
        {
            var range = ParseFrames(request.Frames ?? throw new ArgumentException("--policy wsclock needs --frames N, the pool of frames its hand sweeps"));
            if (range.Count != 1) throw new ArgumentException($"--policy wsclock takes one frame count (its pool), not the range {request.Frames}");
            return range.Low;
        }
        if (request.Frames is not null)
            throw new ArgumentException($"--policy {policy} chooses its own number of frames (the working set's); drop --frames");
        return 0;
    }

    private static int RunVariable(SimPlan plan, ProseWriter output, WorkProgress progress)
    {
        var (request, policy, dense, frames, parameters) = (plan.Request, plan.Policy, plan.Trace!, plan.MaxFrames, plan.Parameters);
        var r = progress.Run(dense.Length >= ProgressReferences, $"{policy} on {dense.Length:N0} references", null,
                             _ => VariableAllocation.Run(policy, dense, frames, parameters));
        if (request.Json)
        {
            // wsclock adds its pool and its victims' split; ws and pff have neither.
            if (policy == "wsclock")
                WriteJson(output, new
                {
                    r.Policy, r.Parameter, r.Frames, r.References, r.Faults, r.Hits, r.MeanResident, r.MaxResident,
                    r.WriteBacks, r.EvictionsOutsideWorkingSet, r.EvictionsInsideWorkingSet,
                });
            else
                WriteJson(output, new { r.Policy, r.Parameter, r.References, r.Faults, r.Hits, r.MeanResident, r.MaxResident });
            return 0;
        }
        string pool = policy == "wsclock" ? $", a pool of {r.Frames} frames" : "";
        output.Line($"{r.Policy} ({r.Parameter}{pool}), {r.References} references: {r.Faults} faults, {r.Hits} hits (fault rate {Percent(r.FaultRate)})");
        output.Line($"resident set: mean {r.MeanResident.ToString("0.0", CultureInfo.InvariantCulture)} frames, max {r.MaxResident} frames used");
        if (policy == "wsclock")
            output.Line($"victims outside the working set {r.EvictionsOutsideWorkingSet}, inside it {r.EvictionsInsideWorkingSet} "
                           + $"(memory smaller than the working set); write-backs by the hand {r.WriteBacks}");
        return 0;
    }
}
