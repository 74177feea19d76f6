using System.IO.Compression;
using System.Text.Json;
using MmapToolkit.Cli.Commands;
using MmapToolkit.Cli.Linux.Tests.Support;
using MmapToolkit.Model.Replacement;
using MmapToolkit.Model.Replacement.Traces;
using MmapToolkit.Model.Tests.Traces;

namespace MmapToolkit.Cli.Linux.Tests;

/// <summary><c>mmaptk pager --trace-file</c> reads traces as sim does: every format, standard input, .gz and .zst,
/// and refuses what the pager cannot replay in its prepare step. Alone: a replay maps a pager region; traces small.</summary>
[Collection(KernelCountersCollection.Name)]
public sealed class PagerTraceFileTests : IDisposable
{
    // Pages 0..19: each page number is a page of the replayed region (TraceEncodings' random traces spread theirs
    // over terabytes of address space).
    private static readonly PageReference[] References = SmallPages(seed: 11, length: 300, pages: 20);
    private readonly string _dir = Directory.CreateTempSubdirectory("mmaptk-pagertrace-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static PageReference[] SmallPages(int seed, int length, int pages)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => new PageReference(rng.Next(pages), rng.Next(4) == 0)).ToArray();
    }

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] Zstd(byte[] bytes)
    {
        var output = new MemoryStream();
        using (var z = new ZstdSharp.CompressionStream(output, leaveOpen: true)) z.Write(bytes);
        return output.ToArray();
    }

    private static byte[] Gzip(byte[] bytes)
    {
        var output = new MemoryStream();
        using (var z = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) z.Write(bytes);
        return output.ToArray();
    }

    /// <summary>The pager's and the model's counts from a JSON replay, after checking they agree.</summary>
    private static (long References, long Faults, long SwapOuts, long Pages) Counts(JsonElement json)
    {
        Assert.True(json.GetProperty("match").GetBoolean());
        return (json.GetProperty("references").GetInt64(), json.GetProperty("faults").GetInt64(), json.GetProperty("swap_outs").GetInt64(),
                json.GetProperty("pages").GetInt64());
    }

    private static (long, long, long, long) Replay(params string[] args)
    {
        var run = Mmaptk.Run(["pager", "--policy", "lru", "--frames", "5", "--backend", "sigsegv", "--json", .. args]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return Counts(run.Json());
    }

    [Fact]
    public void Every_format_and_compression_replays_the_same_references()
    {
        var expected = Replay("--trace-file", Write("t.txt", TraceEncodings.Plain(References)));
        Assert.Equal(300, expected.Item1);
        Assert.True(expected.Item3 > 0, "the trace has stores that are written back");
        Assert.Equal(expected, Replay("--trace-file", Write("t.csv", TraceEncodings.Csv(References))));
        Assert.Equal(expected, Replay("--trace-file", Write("t.mmtrace", TraceEncodings.Binary(References))));
        Assert.Equal(expected, Replay("--trace-file", Write("t.out", TraceEncodings.Lackey(References)), "--page-size", "4096"));
        Assert.Equal(expected, Replay("--trace-file", Write("t.addr", TraceEncodings.Addresses(References)), "--format", "addresses", "--page-size", "4096"));
        Assert.Equal(expected, Replay("--trace-file", Write("t.mmtrace.zst", Zstd(TraceEncodings.Binary(References)))));
        Assert.Equal(expected, Replay("--trace-file", Write("t.txt.gz", Gzip(TraceEncodings.Plain(References)))));
        // OSTEP's commas, and the same string on the command line.
        string commas = string.Join(',', References.Select(r => r.Page + (r.IsWrite ? "w" : "")));
        Assert.Equal(expected, Replay("--trace-file", Write("t.ostep", System.Text.Encoding.ASCII.GetBytes(commas))));
        Assert.Equal(expected, Replay("--trace", commas));
    }

    [Fact]
    public void Standard_input_is_read_with_a_dash()
    {
        var expected = Replay("--trace-file", Write("t.txt", TraceEncodings.Plain(References)));
        var request = PagerRequest.From("lru", 5, null, "-", null, 1, "sigsegv", events: false, json: true,
                                        standardInput: new MemoryStream(TraceEncodings.Binary(References)));
        var output = new StringWriter();
        Assert.Equal(0, PagerRunner.Execute(request, CommandOutput.ForWriter(output)));
        Assert.Equal(expected, Counts(JsonDocument.Parse(output.ToString()).RootElement));
    }

    [Fact]
    public void A_trace_past_the_pager_s_reference_limit_is_refused_before_any_replay()
    {
        // One reference more than the limit, as a small zstd file of page 0 over and over.
        byte[] plain = new byte[2 * (PagerTraceInput.MaxReferences + 1)];
        for (int i = 0; i < plain.Length; i += 2) (plain[i], plain[i + 1]) = ((byte)'0', (byte)'\n');
        string file = Write("long.txt.zst", Zstd(plain));
        var run = Mmaptk.Run("pager", "--frames", "1", "--trace-file", file);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"mmaptk: error: {file}: more than {PagerTraceInput.MaxReferences:N0} references; the pager replays at most that many "
                   + "(each is a real load or store): cut the trace, or use mmaptk sim\n", run.Stderr.ReplaceLineEndings("\n"));
        Assert.Equal("", run.Stdout);
    }

    [Theory]
    [InlineData("bad.txt", "0 1\n2 x\n", new string[0], "bad.txt: line 2: bad token 'x'")]
    [InlineData("empty.txt", "", new string[0], "empty.txt: the trace has no references")]
    [InlineData("t.txt", "0 1", new[] { "--format", "nope" }, "--format: unknown trace format 'nope'")]
    [InlineData("t.txt", "0 1", new[] { "--format", "addresses", "--page-size", "1000" }, "--page-size must be a power of two")]
    [InlineData("t.csv", "a,b,c\n1,2,3\n", new string[0], "t.csv: line 1: the header 'a,b,c' names no id column")]
    public void Bad_trace_input_is_one_line_and_exit_code_two(string name, string content, string[] extra, string message)
    {
        string file = Write(name, System.Text.Encoding.ASCII.GetBytes(content));
        var run = Mmaptk.Run(["pager", "--frames", "2", "--trace-file", file, .. extra]);
        Assert.Equal(2, run.ExitCode);
        string expected = message.StartsWith("--") ? message : Path.Combine(_dir, message);
        Assert.StartsWith($"mmaptk: error: {expected}", run.Stderr);
        Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        string file = Path.Combine(_dir, "missing.txt");
        var run = Mmaptk.Run("pager", "--frames", "2", "--trace-file", file);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"mmaptk: error: trace file '{file}' does not exist\n", run.Stderr.ReplaceLineEndings("\n"));
    }
}
