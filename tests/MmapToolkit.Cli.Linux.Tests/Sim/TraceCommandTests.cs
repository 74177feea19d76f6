using System.Text;
using System.Text.Json;
using MmapToolkit.Cli.Commands;
using MmapToolkit.Model.Replacement;
using MmapToolkit.Model.Replacement.Traces;
using MmapToolkit.Model.Tests.Traces;
using MmapToolkit.Recording;

namespace MmapToolkit.Cli.Linux.Tests.Sim;

/// <summary>`mmaptk trace convert|gen|stats|record`, in-process.</summary>
public class TraceCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mmaptk-tracecmd-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static DenseTrace Load(string path, TraceFormat format = TraceFormat.Auto)
        => TraceInput.Load(path, new TraceReadOptions(format), WorkProgress.None).Trace;

    [Fact]
    public void Convert_round_trips_through_every_writable_format()
    {
        var refs = TraceEncodings.RandomReferences(9, 5000, 70);
        File.WriteAllBytes(PathOf("a.txt"), TraceEncodings.Plain(refs));
        var text = new StringWriter();
        TraceRunner.Convert(PathOf("a.txt"), PathOf("b.mmtrace"), new TraceReadOptions(), null, text, WorkProgress.None);
        TraceRunner.Convert(PathOf("b.mmtrace"), PathOf("c.csv"), new TraceReadOptions(), null, text, WorkProgress.None);
        TraceRunner.Convert(PathOf("c.csv"), PathOf("d.txt.gz"), new TraceReadOptions(), null, text, WorkProgress.None);
        TraceRunner.Convert(PathOf("d.txt.gz"), PathOf("e.oracleGeneral"), new TraceReadOptions(), null, text, WorkProgress.None);
        Assert.Equal(refs, Load(PathOf("b.mmtrace")).ToReferences());
        Assert.Equal(refs, Load(PathOf("c.csv")).ToReferences());
        Assert.Equal(refs, Load(PathOf("d.txt.gz")).ToReferences());
        Assert.Equal(refs.Select(r => r with { IsWrite = false }), Load(PathOf("e.oracleGeneral")).ToReferences());
        Assert.Contains($"{PathOf("a.txt")}: plain (detected from its content) -> {PathOf("b.mmtrace")}: binary, 5,000 references", text.ToString());
    }

    [Fact]
    public void Oracle_general_output_holds_each_reference_s_next_use()
    {
        File.WriteAllText(PathOf("n.txt"), "5 6 5 7 6");
        TraceRunner.Convert(PathOf("n.txt"), PathOf("n.oracleGeneral.bin"), new TraceReadOptions(), null, TextWriter.Null, WorkProgress.None);
        byte[] bytes = File.ReadAllBytes(PathOf("n.oracleGeneral.bin"));
        var next = Enumerable.Range(0, 5).Select(i => BitConverter.ToInt64(bytes, i * 24 + 16)).ToArray();
        Assert.Equal([2L, 4, -1, -1, -1], next);
    }

    [Fact]
    public void Lackey_and_addresses_are_not_written()
        => Assert.Contains("traces are written as plain, csv, binary or oracleGeneral",
                           Assert.Throws<ArgumentException>(() => TraceRunner.OutputFormat("x", "lackey")).Message);

    private string Gen(TraceKind kind, ulong seed, int pages = 50, long length = 400, double writes = 0)
    {
        var stdout = new MemoryStream();
        TraceRunner.Generate(new TraceGenerationOptions(kind, length, pages, seed, writes), "-", null, TextWriter.Null, stdout);
        return Encoding.ASCII.GetString(stdout.ToArray());
    }

    [Theory]
    [InlineData(TraceKind.Uniform)]
    [InlineData(TraceKind.Zipf)]
    [InlineData(TraceKind.Scan)]
    [InlineData(TraceKind.Phases)]
    public void Gen_is_the_same_for_the_same_seed_only(TraceKind kind)
    {
        Assert.Equal(Gen(kind, 7, writes: 0.3), Gen(kind, 7, writes: 0.3));
        Assert.NotEqual(Gen(kind, 7), Gen(kind, 8));
        var pages = Gen(kind, 7, writes: 0.3).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => long.Parse(l.TrimEnd('w'))).ToArray();
        Assert.Equal(400, pages.Length);
        Assert.All(pages, p => Assert.InRange(p, 0, 49));
    }

    [Fact]
    public void Gen_kinds_have_their_shapes()
    {
        Assert.Equal(string.Concat(Enumerable.Range(0, 3).SelectMany(_ => Enumerable.Range(0, 4)).Select(p => $"{p}\n")), Gen(TraceKind.Loop, 1, pages: 4, length: 12));
        long[] Pages(TraceKind k) => Gen(k, 3, pages: 100, length: 20_000).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToArray();
        var zipf = Pages(TraceKind.Zipf).GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(zipf[0] > 2 * zipf[1] * 0.8 && zipf[1] > zipf[9], "zipf: page 0 about twice page 1, page 1 above page 9");
        var phases = Pages(TraceKind.Phases);
        Assert.All(phases[..5000], p => Assert.InRange(p, 0, 24));       // 4 phases of 25 pages
        Assert.All(phases[15000..], p => Assert.InRange(p, 75, 99));
        Assert.InRange(Pages(TraceKind.Scan).Count(p => p < 10) / 20_000.0, 0.87, 0.93);   // 90 % to the hot tenth
    }

    [Fact]
    public void Stats_counts_reuse_distances_and_the_working_set()
    {
        File.WriteAllText(PathOf("s.txt"), "0 1 2 0 1w 2 3 3");
        var output = new StringWriter();
        TraceRunner.Stats(PathOf("s.txt"), new TraceReadOptions(), window: 3, samples: 8, json: true, output, WorkProgress.None);
        using var doc = JsonDocument.Parse(output.ToString());
        var root = doc.RootElement;
        Assert.Equal(8, root.GetProperty("references").GetInt64());
        Assert.Equal(4, root.GetProperty("distinct_pages").GetInt32());
        Assert.Equal(1, root.GetProperty("stores").GetInt64());
        Assert.Equal(4, root.GetProperty("cold_misses").GetInt64());
        // Distances: 0, 1 and 2 come back after 2 other pages (distance 3); the second 3 at distance 1.
        var buckets = root.GetProperty("reuse_distances").EnumerateArray()
                          .Select(b => (b.GetProperty("from").GetInt32(), b.GetProperty("to").GetInt32(), b.GetProperty("references").GetInt64())).ToArray();
        Assert.Equal([(1, 1, 1L), (2, 3, 3L), (4, 4, 0L)], buckets);
        // W(t, 3) after each reference: 1 2 3 3 3 3 3 2.
        var ws = root.GetProperty("working_set").EnumerateArray().Select(p => p.GetProperty("pages").GetInt32()).ToArray();
        Assert.Equal([1, 2, 3, 3, 3, 3, 3, 2], ws);
        Assert.Equal(3, root.GetProperty("max_working_set").GetInt32());
    }

    [Fact]
    public void Record_without_valgrind_says_how_to_install_it()
    {
        var e = Assert.Throws<ArgumentException>(() => TraceRecorder.Record(["ls"], PathOf("x.mmtrace"), 4096, TextWriter.Null, searchPath: _dir));
        Assert.Equal($"valgrind is not installed: trace record runs the program under valgrind --tool=lackey; install it with {TraceRecorder.InstallHint}", e.Message);
    }

    /// <summary>A recording whose lackey output does not parse (a stand-in valgrind that writes a bad line, then
    /// sleeps): the error reaches the caller, and neither the stand-in nor a half-written trace is left behind.</summary>
    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void A_failed_recording_kills_valgrind_and_removes_its_output()
    {
        string pidFile = PathOf("valgrind.pid");
        string fake = PathOf("valgrind");
        File.WriteAllText(fake, "#!/bin/sh\necho $$ > " + pidFile + "\n"
                              + "for a in \"$@\"; do case \"$a\" in --log-file=*) f=\"${a#--log-file=}\";; esac; done\n"
                              + "exec 3>\"$f\"\nprintf ' L zzzz,4\\n' >&3\nexec 3>&-\nexec sleep 60\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string output = PathOf("bad.mmtrace");

        Assert.Throws<FormatException>(() => TraceRecorder.Record(["/bin/true"], output, 4096, TextWriter.Null, searchPath: _dir));

        int pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(Directory.Exists($"/proc/{pid}"), $"the stand-in valgrind (pid {pid}) is still running");
        Assert.False(File.Exists(output));
    }

    /// <summary>A real recording (valgrind is installed here and in CI): the trace reads back, and its page count and
    /// references match the program's lackey log read directly.</summary>
    [Fact]
    public void Record_writes_a_binary_trace_of_a_real_program()
    {
        var text = new StringWriter();
        Assert.Equal(0, TraceRecorder.Record(["/bin/true"], PathOf("true.mmtrace"), 4096, text));
        var trace = Load(PathOf("true.mmtrace"));
        Assert.Equal(TraceFormat.Binary, TraceInput.Load(PathOf("true.mmtrace"), new TraceReadOptions(), WorkProgress.None).Format);
        Assert.True(trace.Length > 10_000, $"{trace.Length} references");
        Assert.Contains(trace.Writes, w => w);
        Assert.Contains($"{PathOf("true.mmtrace")}: binary page trace, {trace.Length:N0} references (4096-byte pages) from /bin/true", text.ToString());
    }

    [Fact]
    public void Record_of_a_missing_program_is_bad_input_and_writes_nothing()
    {
        Assert.Contains("before tracing: is 'no-such-program-here' a program it can run?",
                        Assert.Throws<ProgramNotRunnableException>(() => TraceRecorder.Record(["no-such-program-here"], PathOf("n.mmtrace"), 4096, TextWriter.Null)).Message);
        Assert.False(File.Exists(PathOf("n.mmtrace")));
    }
}
