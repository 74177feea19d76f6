using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using MmapToolkit.Cli.Commands;
using MmapToolkit.Model.Tests.Traces;

namespace MmapToolkit.Cli.Linux.Tests.Sim;

/// <summary>`mmaptk sim` reading files, standard input, gzip and a real valgrind lackey trace, in-process.</summary>
public class TraceInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mmaptk-trace-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteFile(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string Sim(string policy, string frames, string file, string format = "auto", Stream? stdin = null, bool json = true, long? pageSize = 4096)
    {
        var output = new StringWriter();
        int rc = SimRunner.Execute(new SimRequest(policy, frames, null, file, false, false, false, false, 1, json, format, pageSize), output,
                                   WorkProgress.None, stdin);
        Assert.Equal(0, rc);
        return output.ToString();
    }

    private static long[] Faults(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("faults").GetInt64()).ToArray();
    }

    [Fact]
    public void Standard_input_gzip_and_zstd_give_the_file_s_results()
    {
        var refs = TraceEncodings.RandomReferences(5, 2000, 40);
        byte[] plain = TraceEncodings.Plain(refs);
        string file = WriteFile("t.trace", plain);
        string gz = Path.Combine(_dir, "t.trace.gz");
        using (var z = new GZipStream(File.Create(gz), CompressionLevel.Fastest)) z.Write(plain);
        string zst = Path.Combine(_dir, "t.trace.zst");
        using (var f = File.Create(zst))
        using (var z = new ZstdSharp.CompressionStream(f)) z.Write(plain);
        string expected = Sim("arc", "1..45", file);
        Assert.Equal(expected, Sim("arc", "1..45", gz));
        Assert.Equal(expected, Sim("arc", "1..45", zst));
        Assert.Equal(expected, Sim("arc", "1..45", "-", stdin: new MemoryStream(plain)));
    }

    [Fact]
    public void The_chosen_format_is_printed_first()
    {
        string file = WriteFile("prog.out", TraceEncodings.Lackey(TraceEncodings.RandomReferences(1, 50, 5)));
        string text = Sim("lru", "3", file, json: false);
        Assert.StartsWith($"{file}: lackey (detected from its content)\n", text.ReplaceLineEndings("\n"));
        string p = WriteFile("p", "1 2 3"u8.ToArray());
        Assert.StartsWith($"{p}: plain (as --format says)\n", Sim("lru", "3", p, "plain", json: false).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_corrupt_gzip_file_is_bad_input_naming_the_file()
    {
        string gz = WriteFile("broken.gz", [0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        var e = Assert.ThrowsAny<Exception>(() => Sim("lru", "3", gz));
        Assert.True(CommandRunner.IsBadInput(e), e.ToString());
        Assert.StartsWith($"{gz}: ", e.Message);
    }

    [Fact]
    public void A_bad_token_on_standard_input_names_it()
    {
        var e = Assert.Throws<FormatException>(() => Sim("lru", "3", "-", stdin: new MemoryStream("0 1\n2 ?\n"u8.ToArray())));
        Assert.StartsWith("standard input: line 2: bad token '?'", e.Message);
    }

    [Fact]
    public void An_empty_file_is_refused_as_having_no_references()
        => Assert.Equal($"{WriteFile("e", [])}: the trace has no references",
                        Assert.Throws<ArgumentException>(() => Sim("lru", "3", Path.Combine(_dir, "e"))).Message);

    /// <summary>
    /// valgrind lackey on a real program (ls), read as lackey by the toolkit, against the same trace turned into plain
    /// page numbers here by a separate, deliberately simple reading of the format. valgrind is installed on this
    /// machine (and in CI); without it this test fails and says how to install it.
    /// </summary>
    [Fact]
    public void A_valgrind_lackey_trace_of_ls_gives_the_plain_trace_s_faults_for_every_policy()
    {
        string lackey = Path.Combine(_dir, "ls.lackey.txt");
        var psi = new ProcessStartInfo("valgrind", ["--tool=lackey", "--trace-mem=yes", $"--log-file={lackey}", "ls", "/"])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        Process run;
        try { run = Process.Start(psi)!; }
        catch (System.ComponentModel.Win32Exception) { Assert.Fail("valgrind is not installed: sudo apt-get install valgrind"); return; }
        run.StandardOutput.ReadToEnd();
        run.WaitForExit();
        Assert.Equal(0, run.ExitCode);

        var plain = new StringBuilder();
        long accesses = 0;
        foreach (string line in File.ReadLines(lackey))
        {
            string t = line.Trim();
            if (t.Length == 0 || t.StartsWith("==", StringComparison.Ordinal)) continue;
            string[] parts = t.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string[] addressSize = parts[1].Split(',');
            ulong address = ulong.Parse(addressSize[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            ulong size = ulong.Parse(addressSize[1], CultureInfo.InvariantCulture);
            for (ulong page = address / 4096; page <= (address + Math.Max(size, 1) - 1) / 4096; page++)
                plain.Append(page).Append(parts[0] is "S" or "M" ? "w\n" : "\n");
            accesses++;
        }
        Assert.True(accesses > 10_000, $"only {accesses} accesses traced");
        string plainFile = WriteFile("ls.plain", Encoding.ASCII.GetBytes(plain.ToString()));
        foreach (string policy in new[] { "fifo", "lru", "opt", "clock", "random", "lfu", "mfu", "sieve", "arc" })
        {
            string fromLackey = Sim(policy, "4..40", lackey, "lackey");
            Assert.Equal(Faults(Sim(policy, "4..40", plainFile, "plain")), Faults(fromLackey));
            Assert.Equal(Faults(fromLackey), Faults(Sim(policy, "4..40", lackey)));   // auto-detected too
        }
    }
}
