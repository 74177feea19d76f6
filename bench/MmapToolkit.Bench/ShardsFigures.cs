using System.Diagnostics;
using System.Globalization;
using MmapToolkit.Model.Replacement;
using MmapToolkit.Model.Replacement.Traces;

namespace MmapToolkit.Bench;

/// <summary>
/// SHARDS' figures (not a test): on Zipf traces made as <c>mmaptk trace gen --kind zipf</c> makes them, the mean
/// absolute error of the sampled LRU miss ratio against the exact curve (over every frame count 1..distinct pages) and
/// the speed in references per second (best of 5 passes over the trace in memory; the trace is built once).
/// Run: dotnet run -c Release --project bench/MmapToolkit.Bench -- shards
/// </summary>
internal static class ShardsFigures
{
    public static void Run()
    {
        Console.WriteLine($"SHARDS on Zipf traces (exponent 1), {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        Console.WriteLine("references  pages      distinct  method                     MAE      max err  refs/s (best of 5)");
        foreach (var (length, pages, seed) in new[] { (2_000_000L, 100_000, 8UL), (2_000_000L, 1_000_000, 9UL), (20_000_000L, 1_000_000, 10UL) })
        {
            var builder = new DenseTraceBuilder((int)length);
            TraceGenerator.Generate(new TraceGenerationOptions(TraceKind.Zipf, length, pages, seed), builder);
            var trace = builder.Build();
            LruFaultCurve exact = null!;
            double exactSpeed = Best(trace.Length, () => exact = LruFaultCurve.Compute(trace));
            Row(trace, pages, "exact (Mattson, Fenwick)", 0, 0, exactSpeed);
            foreach (var (name, make) in new (string, Func<SampledLruCurve>)[]
            {
                ("fixed rate 0.01", () => ShardsSampler.FixedRate(trace, 0.01)),
                ("fixed rate 0.001", () => ShardsSampler.FixedRate(trace, 0.001)),
                ("fixed size 8192 pages", () => ShardsSampler.FixedSize(trace, 8192)),
            })
            {
                SampledLruCurve curve = null!;
                double speed = Best(trace.Length, () => curve = make());
                var (mean, max) = Error(curve, exact);
                Row(trace, pages, name, mean, max, speed);
            }
        }
    }

    private static void Row(DenseTrace trace, int pages, string method, double mean, double max, double speed)
        => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{trace.Length,10}  {pages,9}  {trace.Distinct,8}  {method,-25}  {mean,7:F4}  {max,7:F4}  {speed / 1e6,8:F1} M"));

    private static double Best(int references, Action run)
    {
        double best = double.MaxValue;
        for (int i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            run();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }
        return references / best;
    }

    private static (double Mean, double Max) Error(SampledLruCurve sampled, LruFaultCurve exact)
    {
        double sum = 0, max = 0;
        for (int k = 1; k <= exact.DistinctPages; k++)
        {
            double e = Math.Abs(sampled.MissRatio(k) - (double)exact.Faults(k) / exact.References);
            sum += e;
            max = Math.Max(max, e);
        }
        return (sum / exact.DistinctPages, max);
    }
}
