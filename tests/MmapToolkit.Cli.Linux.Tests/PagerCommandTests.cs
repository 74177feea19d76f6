using MmapToolkit.Cli.Linux.Tests.Support;

namespace MmapToolkit.Cli.Linux.Tests;

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
    [InlineData("wsclock")]
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

    [Theory]
    [InlineData("sigsegv")]
    [InlineData("uffd")]
    public void Wsclock_takes_sims_tau_and_reports_the_working_set_counts_next_to_the_models(string backend)
    {
        if (backend == "uffd" && MmapToolkit.Pager.PagerBackends.Choose(null).Backend != MmapToolkit.Pager.PagerBackend.Userfaultfd)
        {
            // No userfaultfd here: asking for it is refused in one line, not passed over.
            var refused = Mmaptk.Run("pager", "--policy", "wsclock", "--tau", "2", "--frames", "3", "--trace", "1 2 3", "--backend", backend);
            Assert.NotEqual(0, refused.ExitCode);
            Assert.Contains("userfaultfd", refused.Stderr);
            return;
        }
        // The hand-checked trace of docs/pager.md: 6 faults, 1 write-back, 2 of 3 victims from inside the working set.
        string[] args = ["pager", "--policy", "wsclock", "--tau", "2", "--frames", "3", "--trace", "1w 2 3 4 3 3 3 3 5 6", "--backend", backend];
        var run = Mmaptk.Run([.. args, "--json"]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var json = run.Json();
        Assert.Equal(2, json.GetProperty("tau").GetInt64());
        Assert.True(json.GetProperty("match").GetBoolean());
        Assert.Equal((6L, 6L), (json.GetProperty("faults").GetInt64(), json.GetProperty("model_faults").GetInt64()));
        Assert.Equal((1L, 1L), (json.GetProperty("swap_outs").GetInt64(), json.GetProperty("model_swap_outs").GetInt64()));
        Assert.Equal((2L, 2L), (json.GetProperty("evictions_in_working_set").GetInt64(), json.GetProperty("model_evictions_in_working_set").GetInt64()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json.GetProperty("model_swap_ins").ValueKind);
        var csv = Mmaptk.Run([.. args, "--csv"]);
        Assert.True(csv.ExitCode == 0, csv.Stderr);
        Assert.Contains("evictions_in_working_set,2,2", csv.Stdout);
        Assert.Contains("swap_ins,0,", csv.Stdout);
        var text = Mmaptk.Run(args);
        Assert.Contains("wsclock (tau 2), 3 frames", text.Stdout);
        Assert.Contains("the pager's real faults equal the model's", text.Stdout);
    }

    [Theory]
    [InlineData("sigsegv", "lru")]
    [InlineData("sigsegv", "clock")]
    [InlineData("uffd", "lru")]
    [InlineData("uffd", "clock")]
    public void The_backend_asked_for_is_used_and_named(string backend, string policy)
    {
        if (backend == "uffd" && MmapToolkit.Pager.PagerBackends.Choose(null).Backend != MmapToolkit.Pager.PagerBackend.Userfaultfd)
        {
            // Asked for where the kernel gives none: one line naming userfaultfd, exit code 1 (not the input's fault).
            var refused = Mmaptk.Run("pager", "--backend", backend, "--frames", "3", "--trace", Notes, "--json");
            Assert.NotEqual(0, refused.ExitCode);
            Assert.Contains("userfaultfd", refused.Stderr);
            return;
        }
        var run = Mmaptk.Run("pager", "--backend", backend, "--policy", policy, "--frames", "3", "--trace", "0 1w 2 3 0 1 4w 0 1 2 3 4", "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var json = run.Json();
        Assert.Equal(backend, json.GetProperty("backend").GetString());
        Assert.Equal($"{backend}: asked for", json.GetProperty("backend_reason").GetString());
        Assert.True(json.GetProperty("match").GetBoolean());
        Assert.Equal(backend == "uffd", json.GetProperty("userfaultfd_mode").ValueKind == System.Text.Json.JsonValueKind.String);
    }

    [Fact]
    public void Without_backend_the_output_names_the_default_and_why()
    {
        var expected = MmapToolkit.Pager.PagerBackends.Choose(null);
        var run = Mmaptk.Run("pager", "--frames", "3", "--trace", Notes, "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(expected.Reason, run.Json().GetProperty("backend_reason").GetString());
        var text = Mmaptk.Run("pager", "--frames", "3", "--trace", Notes);
        static string Words(string t) => string.Join(' ', t.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(Words($"backend {expected.Reason}"), Words(text.Stdout)); // a narrow console wraps the line
    }

    [Fact]
    public void Stress_on_each_backend_names_it_and_loses_nothing()
    {
        foreach (var backend in new[] { "sigsegv", "uffd" })
        {
            if (backend == "uffd" && MmapToolkit.Pager.PagerBackends.Choose(null).Backend != MmapToolkit.Pager.PagerBackend.Userfaultfd) continue;
            var run = Mmaptk.Run("pager", "stress", "--backend", backend, "--pages", "256", "--frames", "8", "--threads", "4", "--seconds", "0.5", "--json");
            Assert.True(run.ExitCode == 0, run.Stderr);
            var json = run.Json();
            Assert.Equal(backend, json.GetProperty("backend").GetString());
            Assert.Equal(0, json.GetProperty("lost_pages").GetInt64());
            Assert.Equal(0, json.GetProperty("bad_reads").GetInt64());
        }
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
    [InlineData("--backend 'x' is not a pager backend: use uffd or sigsegv", "pager", "--backend", "x", "--frames", "3", "--trace", "0")]
    [InlineData("--backend 'mprotect' is not a pager backend: use uffd or sigsegv", "pager", "stress", "--backend", "mprotect")]
    [InlineData("--backend '' is not a pager backend: use uffd or sigsegv", "pager", "cost", "--backend", "")]
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
