using System.Text.Json;
using MmapToolkit.Cli.Commands;
using MmapToolkit.Cli.Linux.Tests.Support;
using MmapToolkit.Model.Replacement.Traces;
using MmapToolkit.Model.Tests.Traces;

namespace MmapToolkit.Cli.Linux.Tests.Sim;

/// <summary>`trace convert|gen|record` writing compressed files (.gz, .zst) and refusing paths they cannot write.</summary>
public class TraceOutputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mmaptk-traceout-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static LoadedTrace Load(string path) => TraceInput.Load(path, new TraceReadOptions(), WorkProgress.None);

    private static long[] Faults(string file)
    {
        var r = Mmaptk.Run("sim", "--policy", "lru", "--frames", "1..30", "--trace-file", file, "--json");
        Assert.Equal(0, r.ExitCode);
        return r.Json().GetProperty("results").EnumerateArray().Select(x => x.GetProperty("faults").GetInt64()).ToArray();
    }

    private static bool StartsWith(string path, ReadOnlySpan<byte> magic) => File.ReadAllBytes(path).AsSpan().StartsWith(magic);

    [Theory]
    [InlineData("t.bin.zst", TraceFormat.Binary)]
    [InlineData("t.txt.zst", TraceFormat.Plain)]
    [InlineData("t.csv.zst", TraceFormat.Csv)]
    [InlineData("t.oracleGeneral.zst", TraceFormat.OracleGeneral)]
    [InlineData("t.mmtrace.gz", TraceFormat.Binary)]
    public void Convert_writes_compressed_files_that_read_back_the_same(string name, TraceFormat inside)
    {
        var refs = TraceEncodings.RandomReferences(4, 3000, 40);
        File.WriteAllBytes(PathOf("a.txt"), TraceEncodings.Plain(refs));
        var r = Mmaptk.Run("trace", "convert", PathOf("a.txt"), PathOf(name));
        Assert.Equal(0, r.ExitCode);
        Assert.Contains($"-> {PathOf(name)}: {TraceFormats.Name(inside)}, 3,000 references", r.Stdout);
        // Really compressed: zstd's or gzip's magic number, not the trace's own bytes.
        Assert.True(name.EndsWith(".zst") ? StartsWith(PathOf(name), [0x28, 0xB5, 0x2F, 0xFD]) : StartsWith(PathOf(name), [0x1F, 0x8B]));
        var back = Load(PathOf(name));
        Assert.Equal(inside, back.Format);
        var expected = inside == TraceFormat.OracleGeneral ? refs.Select(x => x with { IsWrite = false }).ToArray() : refs;
        Assert.Equal(expected, back.Trace.ToReferences());
        Assert.Equal(Faults(PathOf("a.txt")), Faults(PathOf(name)));
    }

    [Fact]
    public void Gen_writes_zstd_that_reads_back_as_the_uncompressed_trace()
    {
        string[] gen = ["trace", "gen", "--kind", "zipf", "--pages", "200", "--length", "5000", "--seed", "3", "--write-ratio", "0.2", "--out"];
        Assert.Equal(0, Mmaptk.Run([.. gen, PathOf("z.bin")]).ExitCode);
        Assert.Equal(0, Mmaptk.Run([.. gen, PathOf("z.bin.zst")]).ExitCode);
        Assert.True(StartsWith(PathOf("z.bin.zst"), [0x28, 0xB5, 0x2F, 0xFD]));
        Assert.Equal(Load(PathOf("z.bin")).Trace.ToReferences(), Load(PathOf("z.bin.zst")).Trace.ToReferences());
        Assert.Equal(TraceFormat.Binary, Load(PathOf("z.bin.zst")).Format);
        Assert.Equal(Faults(PathOf("z.bin")), Faults(PathOf("z.bin.zst")));
    }

    /// <summary>A real recording (valgrind is installed here and in CI), compressed as it is written.</summary>
    [Fact]
    public void Record_writes_a_zstd_compressed_binary_trace()
    {
        var text = new StringWriter();
        Assert.Equal(0, TraceRecorder.Record(["/bin/true"], PathOf("true.mmtrace.zst"), 4096, text));
        Assert.True(StartsWith(PathOf("true.mmtrace.zst"), [0x28, 0xB5, 0x2F, 0xFD]));
        var loaded = Load(PathOf("true.mmtrace.zst"));
        Assert.Equal(TraceFormat.Binary, loaded.Format);
        Assert.Contains($"{PathOf("true.mmtrace.zst")}: binary page trace, {loaded.Trace.Length:N0} references", text.ToString());
        Assert.True(loaded.Trace.Length > 10_000, $"{loaded.Trace.Length} references");
    }

    [Fact]
    public void A_path_that_cannot_be_written_is_refused_in_one_line_before_anything_is_read()
    {
        File.WriteAllText(PathOf("a.txt"), "1 2 3");
        string missing = PathOf("no/such/dir/t.bin.zst");
        AssertRefused(Mmaptk.Run("trace", "convert", PathOf("a.txt"), missing), $"OUT '{missing}': the directory {PathOf("no/such/dir")} does not exist");
        AssertRefused(Mmaptk.Run("trace", "gen", "--kind", "loop", "--out", _dir), $"--out '{_dir}' is a directory, not a file to write");
        AssertRefused(Mmaptk.Run("trace", "record", "--out", missing, "--", "/bin/true"), $"--out '{missing}': the directory");
        Assert.False(Directory.Exists(PathOf("no")));
    }

    /// <summary>A directory that exists but takes no new files even from root: sysfs here (probed first, so the test
    /// checks the command against what this system refuses).</summary>
    [Fact]
    public void A_directory_that_refuses_new_files_is_refused_in_one_line()
    {
        const string path = "/sys/mmaptk-trace-output-test.zst";
        Assert.ThrowsAny<Exception>(() => File.Create(path).Dispose());
        var r = Mmaptk.Run("trace", "gen", "--kind", "loop", "--out", path);
        AssertRefused(r, $"--out '{path}' cannot be written: ");
    }

    [Fact]
    public void Record_does_not_write_its_trace_to_standard_output()
        => AssertRefused(Mmaptk.Run("trace", "record", "--out", "-", "--", "/bin/true"),
                         "trace record --out -: the recorded program and the summary write to standard output too; give a file name");

    private static void AssertRefused(Mmaptk.Result r, string expected)
    {
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.StartsWith($"mmaptk: error: {expected}", r.Stderr);
        Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
