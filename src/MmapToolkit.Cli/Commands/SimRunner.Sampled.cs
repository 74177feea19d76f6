using System.Globalization;
using MmapToolkit.Model.Replacement;
using Spectre.Console;

namespace MmapToolkit.Cli.Commands;

/// <summary><c>sim --mrc --sample R</c> and <c>--sample-pages S</c>: LRU's curve estimated by SHARDS (docs/model.md,
/// "Sampled miss-ratio curves"), printed like the exact curve, each figure marked as an estimate.</summary>
internal static partial class SimRunner
{
    private static void CheckSampleOptions(SimRequest request)
    {
        if (request.Sample is null && request.SamplePages is null) return;
        if (!request.Mrc) throw new ArgumentException("--sample and --sample-pages estimate LRU's curve: they go with --mrc");
        if (request.Sample is { } r && !(r > 0 && r <= 1))
            throw new ArgumentException($"--sample {r.ToString(CultureInfo.InvariantCulture)}: the sampling rate must be above 0 and at most 1 (e.g. 0.01)");
        if (request.SamplePages is < 1) throw new ArgumentException($"--sample-pages {request.SamplePages}: at least 1 page");
        if (request.Csv || request.Chart is not null)
            throw new ArgumentException($"{(request.Csv ? "--csv" : "--chart")} writes the exact curve; the estimate from --sample is printed as text or --json");
    }

    /// <summary>At least one of the trace's pages must fall in the sample, or there is nothing to estimate.</summary>
    private static void CheckSampleTakesAPage(SimRequest request, DenseTrace trace)
    {
        if (request.Sample is not { } rate) return;   // fixed size starts at this rate too, or at 1
        if (ShardsSampler.PagesSampled(trace, rate, request.Seed) == 0)
            throw new ArgumentException($"--sample {rate.ToString(CultureInfo.InvariantCulture)}: no page of the {trace.Distinct} in the trace was sampled; raise the rate");
    }

    private static int SampledMrc(SimRequest request, DenseTrace trace, IAnsiConsole console, ProseWriter output, WorkProgress progress)
    {
        double rate = request.Sample ?? 1.0;
        var curve = progress.Run(trace.Length >= ProgressReferences, "SHARDS sample", null, _ => request.SamplePages is { } s
            ? ShardsSampler.FixedSize(trace, s, rate, request.Seed)
            : ShardsSampler.FixedRate(trace, rate, request.Seed));
        var range = request.Frames is not null ? ParseFrames(request.Frames) : new FrameRange(1, Math.Max(1, Math.Min(curve.EstimatedDistinctPages, trace.Distinct)), 1);
        var points = range.Values().Select(k => new MrcPoint(k, curve.EstimatedFaults(k))).ToList();
        string mode = curve.MaxPages is { } max
            ? $"fixed size: at most {max} pages, rate {Rate(curve.InitialRate)} at the start, {Rate(curve.FinalRate)} at the end"
            : $"fixed rate {Rate(curve.FinalRate)}";
        if (request.Json)
        {
            WriteJson(output, new
            {
                Policy = "lru",
                Estimate = "shards",
                Mode = curve.MaxPages is null ? "fixed-rate" : "fixed-size",
                curve.InitialRate, curve.FinalRate, curve.MaxPages, HashSeed = request.Seed,
                curve.References, curve.SampledReferences, curve.SampledPages, curve.EstimatedDistinctPages,
                Curve = points.Select(p => new { p.Frames, EstimatedFaults = p.Faults, MissRatio = curve.MissRatio(p.Frames) }).ToArray(),
            });
            return 0;
        }
        output.Line($"LRU faults ESTIMATED by SHARDS ({mode}, hash seed {request.Seed}): {curve.References} references, "
                       + $"{curve.SampledReferences} of them sampled ({curve.SampledPages} pages); about {curve.EstimatedDistinctPages} distinct pages");
        WriteCurve(points, curve.References, request.AllRows, console, output);
        output.Line("Estimates: how far they fall from the exact curve depends on the rate, the trace's pages and the hash "
                       + "(docs/model.md, \"Sampled miss-ratio curves (SHARDS)\", gives measured errors); --mrc without --sample gives the exact curve");
        return 0;
    }

    private static string Rate(double r) => r.ToString("G4", CultureInfo.InvariantCulture);
}
