using Spectre.Console;

namespace MmapToolkit.Cli.Commands;

/// <summary>A progress bar for the pager commands' long runs, shown only when stdout is a terminal: piped or
/// redirected output gets nothing extra.</summary>
internal static class PagerProgress
{
    public static bool Shown => !Console.IsOutputRedirected;

    /// <summary>Runs work, handing it a callback that sets how far it got (0..max).</summary>
    public static T Run<T>(string description, double max, Func<Action<double>, T> work)
    {
        if (!Shown) return work(_ => { });
        T result = default!;
        AnsiConsole.Progress().AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(description), maxValue: max);
                result = work(done => task.Value = Math.Min(done, max));
                task.Value = max;
            });
        return result;
    }
}
