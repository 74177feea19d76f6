using System.Diagnostics;
using System.Globalization;
using MmapToolkit.Model.Replacement;
using MmapToolkit.Model.Replacement.Traces;

namespace MmapToolkit.Bench;

/// <summary>
/// The one-pass LRU curve's speed (not a test): references per second of CPU time (this process's, best of 5 passes
/// over a trace in memory, the two taken in turn; the trace is built once) for <see cref="LruFaultCurve"/> and, in the same run, for the
/// Fenwick pass it replaced (<see cref="Baseline"/>, an int per time slot), whose curve it must equal.
/// CPU time rather than wall time: the machine is shared. Run:
/// dotnet run -c Release --project bench/MmapToolkit.Bench -- lru-curve [binary or plain trace file ...]
/// </summary>
internal static class LruCurveFigures
{
    public static void Run(string[] files)
    {
        Console.WriteLine($"One-pass LRU curve, {Environment.ProcessorCount} cores, .NET {Environment.Version}; M refs per CPU second, best of {Passes}, the two taken in turn");
        Console.WriteLine("trace                                    references  distinct   baseline   LruFaultCurve");
        // Without files, four generated traces; with files, only those.
        foreach (var (kind, length, pages, seed) in files.Length > 0 ? [] : new[]
        {
            (TraceKind.Zipf, 10_000_000L, 100_000, 7UL), (TraceKind.Zipf, 10_000_000L, 1_000_000, 7UL),
            (TraceKind.Uniform, 10_000_000L, 10_000, 7UL), (TraceKind.Loop, 10_000_000L, 1000, 7UL),
        })
        {
            var builder = new DenseTraceBuilder((int)length);
            TraceGenerator.Generate(new TraceGenerationOptions(kind, length, pages, seed), builder);
            Row($"{kind.ToString().ToLowerInvariant()} over {pages:N0} pages", builder.Build());
        }
        foreach (string file in files)
        {
            var builder = new DenseTraceBuilder();
            using (var stream = File.OpenRead(file)) TraceReader.ReadStream(stream, file, new TraceReadOptions(), builder, out _);
            Row(Path.GetFileName(file), builder.Build());
        }
    }

    private static void Row(string name, DenseTrace trace)
    {
        LruFaultCurve curve = null!;
        long[] baseline = null!;
        // Taken in turn, so load from other work on the machine falls on both alike.
        double old = double.MaxValue, now = double.MaxValue;
        for (int i = 0; i < Passes; i++)
        {
            old = Math.Min(old, CpuSeconds(() => baseline = Baseline.Faults(trace)));
            now = Math.Min(now, CpuSeconds(() => curve = LruFaultCurve.Compute(trace)));
        }
        for (int k = 1; k <= trace.Distinct; k++)
            if (curve.Faults(k) != baseline[k]) throw new InvalidOperationException($"{name}: {k} frames: {curve.Faults(k)} faults, the baseline {baseline[k]}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-38}  {trace.Length,11:N0}  {trace.Distinct,8:N0}  {trace.Length / old / 1e6,9:F1}  {trace.Length / now / 1e6,14:F1}"));
    }

    private const int Passes = 5;

    private static double CpuSeconds(Action run)
    {
        var self = Process.GetCurrentProcess();
        var before = self.TotalProcessorTime;
        run();
        self.Refresh();
        return (self.TotalProcessorTime - before).TotalSeconds;
    }

    /// <summary>The pass as it was before (the comparison's baseline): a Fenwick tree with an int per time slot (about two
    /// slots per distinct page), a prefix sum and two updates per re-reference, a reference to the top of the stack
    /// skipping the tree, compacted when the slots run out.</summary>
    private static class Baseline
    {
        public static long[] Faults(DenseTrace trace)
        {
            int distinct = trace.Distinct;
            var histogram = new long[distinct + 2];
            int size = Math.Max(1024, 2 * distinct + 2);
            var tree = new int[size + 1];
            var slotOf = new int[distinct];
            var pageAt = new int[size + 1];
            int next = 1, live = 0;
            long cold = 0;
            foreach (int id in trace.Ids)
            {
                int s = slotOf[id];
                if (s == next - 1 && s != 0)
                {
                    histogram[1]++;
                    continue;
                }
                if (next > size)
                {
                    next = Compact(tree, slotOf, pageAt, live);
                    s = slotOf[id];
                }
                if (s == 0)
                {
                    cold++;
                    Add(tree, next, +1);
                    live++;
                }
                else
                {
                    histogram[live - Prefix(tree, s) + 1]++;
                    Add(tree, s, -1);
                    Add(tree, next, +1);
                }
                slotOf[id] = next++;
            }
            var faults = new long[distinct + 1];
            long beyond = 0;
            for (int k = distinct; k >= 0; k--)
            {
                faults[k] = cold + beyond;
                beyond += histogram[k];
            }
            return faults;
        }

        private static int Compact(int[] tree, int[] slotOf, int[] pageAt, int live)
        {
            Array.Fill(pageAt, -1);
            for (int page = 0; page < slotOf.Length; page++)
                if (slotOf[page] != 0) pageAt[slotOf[page]] = page;
            int to = 1;
            for (int from = 1; from < pageAt.Length; from++)
            {
                int page = pageAt[from];
                if (page >= 0) slotOf[page] = to++;
            }
            Array.Clear(tree);
            for (int i = 1; i <= live; i++) tree[i] = 1;
            for (int i = 1; i < tree.Length; i++)
            {
                int j = i + (i & -i);
                if (j < tree.Length) tree[j] += tree[i];
            }
            return to;
        }

        private static int Prefix(int[] tree, int i)
        {
            int s = 0;
            for (; i > 0; i -= i & -i) s += tree[i];
            return s;
        }

        private static void Add(int[] tree, int i, int delta)
        {
            for (; i < tree.Length; i += i & -i) tree[i] += delta;
        }
    }
}
