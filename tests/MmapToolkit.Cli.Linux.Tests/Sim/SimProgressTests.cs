using MmapToolkit.Cli.Commands;
using Spectre.Console;
using static MmapToolkit.Cli.Linux.Tests.Sim.SimCommandTests;

namespace MmapToolkit.Cli.Linux.Tests.Sim;

/// <summary>
/// Progress for long work (issue 9): drawn on a terminal for work of a second or more, decided by the size of the
/// work; the command's output is the same with or without it. (Nothing at all when stdout is not a terminal:
/// SimCommandLineTests runs the real command through a pipe.)
/// </summary>
public class SimProgressTests
{
    // 200,000 references over 1,000 pages, frames 1..100: 20 million simulated references.
    private static readonly string Big = string.Join(' ', Enumerable.Range(0, 200_000).Select(i => (i * 7919) % 1000));

    private static (WorkProgress Progress, StringWriter Screen) Terminal()
    {
        var screen = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(screen), Ansi = AnsiSupport.Yes, Interactive = InteractionSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
        });
        return (new WorkProgress(console), screen);
    }

    [Fact]
    public void Long_work_draws_a_progress_bar_and_prints_the_same_result()
    {
        var (progress, screen) = Terminal();
        string withBar = Run("fifo", "1..100", Big, progress: progress);
        Assert.Contains("fifo, frames 1..100", screen.ToString());
        Assert.Equal(Run("fifo", "1..100", Big), withBar);
    }

    [Fact]
    public void The_searches_draw_a_progress_bar()
    {
        var (progress, screen) = Terminal();
        Run("lru", "5", trace: null, belady: true, progress: progress);
        Assert.Contains("lru: searching for Belady's anomaly", screen.ToString());
    }

    [Fact]
    public void Short_work_draws_nothing()
    {
        var (progress, screen) = Terminal();
        Run("fifo", "1..100", "0 1 2 3 0 1 4 0 1 2 3 4", progress: progress);
        Run("lru", "3", "0 1 2", progress: progress);
        Assert.Equal("", screen.ToString());
    }
}
