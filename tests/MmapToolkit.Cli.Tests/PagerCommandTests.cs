using MmapToolkit.Cli.Tests.Support;

namespace MmapToolkit.Cli.Tests;

/// <summary><c>mmaptk pager</c> and its subcommands in-process: the replay next to the model, and the refusals of the
/// validation step (the library's options name the command line's options). Alone: a replay maps a pager region.</summary>
[Collection(KernelCountersCollection.Name)]
public class PagerCommandTests
{
    private const string Notes = "0 1 2 3 0 1 4 0 1 2 3 4";

    [Theory]
    [InlineData("fifo")]
    [InlineData("lru")]
    [InlineData("opt")]
    public void A_replay_reports_the_real_faults_next_to_the_models(string policy)
    {
        var run = Mmaptk.Run("pager", "--policy", policy, "--frames", "3", "--trace", Notes, "--events", "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var json = run.Json();
        Assert.Equal(policy, json.GetProperty("policy").GetString());
        Assert.Equal(12, json.GetProperty("references").GetInt64());
        Assert.Equal(5, json.GetProperty("pages").GetInt64());
        Assert.True(json.GetProperty("match").GetBoolean());
        Assert.Equal(json.GetProperty("model_faults").GetInt64(), json.GetProperty("faults").GetInt64());
        // The event log has every run of the handler: each page fault, and each reference or dirty fault.
        var causes = json.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("cause").GetString()).ToList();
        Assert.Equal(json.GetProperty("faults").GetInt64(), causes.Count(c => c is "zero-fill" or "swap-in"));
        Assert.Equal(json.GetProperty("reference_faults").GetInt64(), causes.Count(c => c == "reference"));
    }

    [Fact]
    public void The_text_replay_says_whether_pager_and_model_agree()
    {
        var run = Mmaptk.Run("pager", "--frames", "3", "--trace", Notes);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.StartsWith("fifo, 3 frames, 12 references over 5 pages of ", run.Stdout);
        Assert.Contains("the pager's real faults equal the model's", run.Stdout);
    }

    [Theory]
    [InlineData("give exactly one of --trace and --trace-file", "pager", "--frames", "3")]
    [InlineData("--pages 2 is too small: the trace references page 4", "pager", "--frames", "1", "--pages", "2", "--trace", "0 4")]
    [InlineData("--frames 3 is more than --pages 2", "pager", "--frames", "3", "--pages", "2", "--trace", "0 1")]
    [InlineData("--frames must be between 1 and ", "pager", "--frames", "0", "--trace", "0")]
    [InlineData("--pages 1 is fewer than --threads 4: each thread needs at least one page of its own", "pager", "stress", "--pages", "1", "--frames", "1")]
    [InlineData("--policy opt needs the future references", "pager", "stress", "--policy", "opt")]
    [InlineData("--frames 300 is more than --pages 256", "pager", "stress", "--pages", "256", "--frames", "300")]
    [InlineData("--threads must be between 1 and 256 (got 257)", "pager", "stress", "--threads", "257")]
    [InlineData("--seconds must be more than 0 and at most 3600 (got NaN)", "pager", "stress", "--seconds", "NaN")]
    [InlineData("--pages must be between 16 and 30000 (got 15)", "pager", "cost", "--pages", "15")]
    [InlineData("--unresolvable must be exec, store-readonly or ignored", "pager", "crash-probe", "--unresolvable", "x")]
    public void Refused_input_is_one_line_and_exit_code_two_before_any_work(string message, params string[] args)
    {
        var run = Mmaptk.Run(args);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"mmaptk: error: {message}", run.Stderr);
        Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Equal("", run.Stdout);
    }
}
