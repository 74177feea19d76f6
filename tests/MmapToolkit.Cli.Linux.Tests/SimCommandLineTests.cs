using MmapToolkit.Cli.Commands;
using MmapToolkit.Cli.Linux.Tests.Support;
using MmapToolkit.Linux.Tests.Cli;
using MmapToolkit.Linux.Tests.Support;

namespace MmapToolkit.Cli.Linux.Tests;

/// <summary>
/// <c>mmaptk sim</c> on the inputs issue 9 found crashing it (an OutOfMemoryException's stack trace, exit 1): each now
/// runs or is refused with one line and exit code 2. In-process, but for the pipe: that needs the real binary.
/// </summary>
public class SimCommandLineTests
{
    private static void AssertRefused(Mmaptk.Result run, string message)
    {
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"mmaptk: error: {message}", run.Stderr.Trim());
        Assert.Equal("", run.Stdout);
    }

    [Theory]
    [InlineData("lru")]
    [InlineData("arc")]
    public void The_largest_frame_count_runs(string policy)
    {
        var run = Mmaptk.Run("sim", "--policy", policy, "--frames", "2147483647", "--trace", "0 1 2");
        Assert.True(run.ExitCode == 0, run.Stderr);
        // The sentence is wrapped at the 80 columns a pipe gets, between words.
        Assert.Equal($"{policy}, 2147483647 frames, 3 references: 3 faults, 0 hits (fault rate 100.0 %);\nevictions 0, swap-outs 0, swap-ins 0",
                     run.Stdout.Trim().ReplaceLineEndings("\n"));
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public void Dev_zero_is_not_a_trace_file()
        => AssertRefused(Mmaptk.Run("sim", "--frames", "3", "--trace-file", "/dev/zero"),
                         "trace file '/dev/zero' is a character device, not a regular file of page numbers");

    [Fact]
    public void A_directory_is_named_as_one()
    {
        using var dir = new TempDirectory();
        AssertRefused(Mmaptk.Run("sim", "--frames", "3", "--trace-file", dir.Path),
                      $"trace file '{dir.Path}' is a directory, not a regular file of page numbers");
    }

    [Fact]
    public void A_300_MB_file_of_zeros_is_refused_as_binary_data_before_it_is_read()
    {
        // Trace files have no size limit now (they are mapped and streamed); zeros are refused by their content.
        using var dir = new TempDirectory();
        string path = dir.File("big.trace");
        using (var f = File.Create(path)) f.SetLength(300_000_000);   // sparse: no disk used
        AssertRefused(Mmaptk.Run("sim", "--frames", "3", "--trace-file", path),
                      $"{path}: binary data without the toolkit's trace magic; if it is a libCacheSim oracleGeneral trace, give --format oracleGeneral");
    }

    [Theory]
    [InlineData("--belady")]
    [InlineData("--subset")]
    public void Searches_with_a_huge_frame_count_are_refused_by_the_cap(string mode)
        => AssertRefused(Mmaptk.Run("sim", "--policy", "fifo", mode, "--frames", "100000"),
                         $"{mode} without a trace searches strings over 5 pages, where more than 5 frames never evict: --frames may be at most 5 "
                         + "(got 100000); give --trace or --trace-file to compare more");

    [Fact]
    public void Through_a_pipe_the_output_is_the_result_alone()
    {
        // Work big enough for a progress bar on a terminal (20 million simulated references); here stdout is a pipe.
        using var dir = new TempDirectory();
        string path = dir.File("loop.trace");
        File.WriteAllText(path, string.Join('\n', Enumerable.Range(0, 200_000).Select(i => (i * 7919) % 1000)));
        var run = MmaptkCli.Run("sim", "--policy", "fifo", "--frames", "1..100", "--trace-file", path);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("", run.Stderr);
        Assert.DoesNotContain('\u001b', run.Stdout);
        // Exactly what the command prints with no progress display at all.
        var expected = new StringWriter();
        SimRunner.Execute(new SimRequest("fifo", "1..100", null, path, false, false, false, false, 1, false), expected, WorkProgress.None);
        Assert.Equal(expected.ToString(), run.Stdout);
    }
}
