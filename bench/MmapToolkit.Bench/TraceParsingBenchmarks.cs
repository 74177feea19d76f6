using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using MmapToolkit.Mapping;
using MmapToolkit.Model.Replacement;
using MmapToolkit.Model.Replacement.Traces;

namespace MmapToolkit.Bench;

/// <summary>
/// Reading a 2-million-reference trace in each format from a mapped file (MemoryMapping, as `mmaptk sim --trace-file`
/// does): parsing alone (into a sink that only counts) and parsing into the simulator's DenseTrace (renumbering pages
/// as it goes). The references are those of <see cref="ModelReplacementBenchmarks"/>'s trace (a hot set of 50,000 pages
/// of a million, 10 % stores). One operation = one reference; the file sizes are printed in the setup, so MB/s =
/// bytes per reference / mean. Run: ./build.sh bench --filter '*TraceParsing*' --job short
/// </summary>
[MemoryDiagnoser]
public class TraceParsingBenchmarks
{
    private const int References = 2_000_000;
    private string _dir = null!;
    private string _path = null!;
    private long _length;

    [Params("plain", "addresses", "lackey", "csv", "oracleGeneral", "binary")]
    public string Format { get; set; } = "plain";

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("mmaptk-bench-").FullName;
        var trace = ModelReplacementBenchmarks.MakeTrace(References, 1_000_000, 50_000, 77);
        var format = TraceFormats.Parse(Format);
        _path = Path.Combine(_dir, "trace." + Format);
        using (var file = File.Create(_path))
        {
            if (format is TraceFormat.Addresses or TraceFormat.Lackey) WriteText(trace, format, file);
            else TraceWriter.WriteAll(trace, format, file, 4096);
        }
        _length = new FileInfo(_path).Length;
        Console.WriteLine($"// {Format}: {_length:N0} bytes, {(double)_length / References:F2} bytes per reference");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    private static void WriteText(DenseTrace trace, TraceFormat format, Stream output)
    {
        using var w = new StreamWriter(output, Encoding.ASCII, 1 << 16);
        for (int i = 0; i < trace.Length; i++)
        {
            long address = (trace.PageOfId[trace.Ids[i]] << 12) + 8 * (i % 500);
            string hex = address.ToString("x", CultureInfo.InvariantCulture);
            if (format == TraceFormat.Addresses) w.Write($"0x{hex}{(trace.Writes[i] ? "w" : "")}\n");
            else w.Write($"{(trace.Writes[i] ? " S" : " L")} {hex},8\n");
        }
    }

    private long Read(TraceSink sink)
    {
        using var mapping = new MappingOptions().Protection(Protection.Read).Private().MapFile(_path);
        TraceReader.ReadMapped((o, n) => mapping.GetSpan(o, n), _length, _path,
                               new TraceReadOptions(TraceFormats.Parse(Format), 4096), sink, out _);
        return _length;
    }

    [Benchmark(OperationsPerInvoke = References)]
    public long ParseOnly()
    {
        var counter = new CountingSink();
        Read(counter);
        return counter.Count;
    }

    [Benchmark(OperationsPerInvoke = References)]
    public int ParseIntoDenseTrace()
    {
        var builder = new DenseTraceBuilder(References);
        Read(builder);
        return builder.Build().Distinct;
    }

    private sealed class CountingSink : TraceSink
    {
        public long Count;
        public long Sum;

        public override void Add(long page, bool write)
        {
            Count++;
            Sum += page;
        }
    }
}
