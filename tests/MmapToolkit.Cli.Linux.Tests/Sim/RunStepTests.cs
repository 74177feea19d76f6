using MmapToolkit.Cli.Commands;
using MmapToolkit.Cli.Linux.Tests.Support;
using MmapToolkit.Model.Replacement.Traces;

namespace MmapToolkit.Cli.Linux.Tests.Sim;

/// <summary>
/// sim and the trace commands in CommandRunner's two steps (issue 10): input is refused by the prepare step (exit 2);
/// an ArgumentException in the run step is a bug (exit 1, "internal error"), not input. The plans that reach the run
/// here skipped the prepare step's checks, as a bug in it would.
/// </summary>
public class RunStepTests
{
    private const string Notes = "0 1 2 3 0 1 4 0 1 2 3 4";

    [Fact]
    public void Zero_frames_is_input_in_the_prepare_step_and_a_bug_in_the_run_step()
    {
        var refused = Mmaptk.Run("sim", "--policy", "fifo", "--frames", "0", "--trace", Notes);
        Assert.Equal(2, refused.ExitCode);
        Assert.StartsWith("mmaptk: error: --frames expects a frame count N from 1", refused.Stderr);

        var plan = SimRunner.Prepare(new SimRequest("fifo", "3", Notes, null, false, false, false, false, 1, false));
        var unchecked_ = plan with { Frames = new FrameRange(0, 0, 1) };
        var (output, errors) = (new StringWriter(), new StringWriter());
        int code = CommandRunner.Run(() => unchecked_, p => SimRunner.Run(p, output), errors);
        Assert.Equal(1, code);
        Assert.StartsWith("mmaptk: internal error: ArgumentOutOfRangeException: the number of frames must be at least 1", errors.ToString());
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public void The_prepared_plan_runs_to_the_same_output_as_both_steps_at_once()
    {
        var request = new SimRequest("fifo,lru", "1..5", Notes, null, false, false, false, false, 1, false);
        var (once, twice) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, SimRunner.Execute(request, once));
        Assert.Equal(0, CommandRunner.Run(() => SimRunner.Prepare(request), p => SimRunner.Run(p, twice), TextWriter.Null));
        Assert.Equal(once.ToString(), twice.ToString());
        Assert.Contains("fifo: Belady's anomaly", twice.ToString());
    }

    [Fact]
    public void Trace_gen_refuses_bad_options_in_the_prepare_step_and_writes_nothing()
    {
        using var dir = new MmapToolkit.Linux.Tests.Support.TempDirectory();
        string path = dir.File("g.txt");
        var refused = Mmaptk.Run("trace", "gen", "--kind", "phases", "--pages", "3", "--phases", "4", "--out", path);
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal("mmaptk: error: --phases must be from 1 to the number of pages (3), got 4", refused.Stderr.Trim());
        Assert.False(File.Exists(path));   // refused before the output was created

        var plan = TraceRunner.PrepareGenerate(new TraceGenerationOptions(TraceKind.Phases, 10, 8), path, null);
        var errors = new StringWriter();
        int code = CommandRunner.Run(() => plan with { Options = plan.Options with { Phases = 9 } }, p => TraceRunner.Generate(p, TextWriter.Null), errors);
        Assert.Equal(1, code);
        Assert.StartsWith("mmaptk: internal error: ArgumentException: --phases must be from 1", errors.ToString());
    }

    [Fact]
    public void Trace_stats_refuses_a_bad_window_before_computing()
    {
        using var dir = new MmapToolkit.Linux.Tests.Support.TempDirectory();
        string path = dir.File("s.txt");
        File.WriteAllText(path, Notes);
        var refused = Mmaptk.Run("trace", "stats", path, "--window", "0");
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal("mmaptk: error: --window must be at least 1 reference, got 0", refused.Stderr.Trim());
        Assert.Equal("", refused.Stdout);
    }

    [Fact]
    public void Trace_convert_checks_its_input_before_it_creates_the_output()
    {
        using var dir = new MmapToolkit.Linux.Tests.Support.TempDirectory();
        string output = dir.File("out.txt");
        var refused = Mmaptk.Run("trace", "convert", "/dev/zero", output);
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal("mmaptk: error: trace file '/dev/zero' is a character device, not a regular file of page numbers", refused.Stderr.Trim());
        Assert.False(File.Exists(output));
    }

    /// <summary>valgrind is installed here and in CI (.ci/run), as for TraceCommandTests' recordings.</summary>
    [Fact]
    public void Trace_record_of_a_program_valgrind_cannot_run_is_input()
    {
        using var dir = new MmapToolkit.Linux.Tests.Support.TempDirectory();
        var run = Mmaptk.Run("trace", "record", "--out", dir.File("n.mmtrace"), "--", "no-such-program-here");
        Assert.Equal(2, run.ExitCode);
        Assert.Matches("^mmaptk: error: valgrind exited with code \\d+ before tracing: is 'no-such-program-here' a program it can run\\?$", run.Stderr.Trim());
    }
}
