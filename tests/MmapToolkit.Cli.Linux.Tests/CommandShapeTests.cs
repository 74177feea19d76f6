using MmapToolkit.Cli.Linux.Tests.Support;

namespace MmapToolkit.Cli.Linux.Tests;

/// <summary>
/// Every command writes only to the output it is given (issue 10): run in-process with the process's own Console
/// redirected, each command's output is in its StringWriters and nothing reaches the Console. Alone: it swaps the
/// process's Console for a moment.
/// </summary>
[Collection(KernelCountersCollection.Name)]
public class CommandShapeTests
{
    public static TheoryData<string[]> EveryCommand => new()
    {
        new[] { "info" },
        new[] { "info", "--json" },
        new[] { "sim", "--policy", "fifo", "--frames", "3", "--trace", "0 1 2 3 0 1 4 0 1 2 3 4", "--table" },
        new[] { "sim", "--frames", "1..4", "--trace", "0 1 2 3 0 1 4 0 1 2 3 4" },
        new[] { "sim", "--policy", "fifo,lru", "--frames", "1..4", "--trace", "0 1 2 3 0 1 4 0 1 2 3 4", "--csv", "--chart", "{dir}/c.svg" },
        new[] { "sim", "--mrc", "--trace", "0 1 2 3 0 1 4 0 1 2 3 4", "--chart", "{dir}/c.png" },
        new[] { "trace", "stats", "{dir}/t.txt", "--csv" },
        new[] { "inspect" },
        new[] { "inspect", "--json" },
        new[] { "fork-probe", "--pages", "8", "--child-writes", "2" },
        new[] { "pager", "--frames", "3", "--trace", "0 1 2 3 0 1 4 0 1 2 3 4", "--events" },
        new[] { "pager", "--frames", "3", "--trace", "0 1w 2 3 0 1 4", "--csv", "--chart", "{dir}/t.svg" },
        new[] { "pager", "stress", "--pages", "64", "--frames", "8", "--threads", "2", "--seconds", "0.1" },
        new[] { "demo", "--list" },
        new[] { "demo", "cow-fork", "--model-only", "--steps" },
        new[] { "cost", "--pages", "16", "--touched", "2", "--repetitions", "1", "--only", "demand-zero" },
        new[] { "cost", "--pages", "0" },
        new[] { "quiz", "cow", "--seed", "1", "-c" },
    };

    [Theory]
    [MemberData(nameof(EveryCommand))]
    public void A_command_writes_to_its_own_writers_and_never_to_the_process_console(string[] args)
    {
        // "{dir}": a directory of the test's own, for charts, with a trace in it.
        using var dir = new MmapToolkit.Linux.Tests.Support.TempDirectory();
        File.WriteAllText(dir.File("t.txt"), "0 1 2 0 1 3");
        args = [.. args.Select(a => a.Replace("{dir}", dir.Path))];
        var (console, consoleErrors) = (new StringWriter(), new StringWriter());
        var (savedOut, savedError) = (Console.Out, Console.Error);
        Console.SetOut(console);
        Console.SetError(consoleErrors);
        Mmaptk.Result run;
        try
        {
            run = Mmaptk.Run(args);
        }
        finally
        {
            Console.SetOut(savedOut);
            Console.SetError(savedError);
        }
        Assert.Equal("", console.ToString());
        Assert.Equal("", consoleErrors.ToString());
        Assert.NotEqual("", run.Stdout + run.Stderr);
        Assert.DoesNotContain('\u001b', run.Stdout);   // a pipe's text: no colour or cursor codes
    }
}
