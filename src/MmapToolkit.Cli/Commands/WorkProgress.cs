using Spectre.Console;

namespace MmapToolkit.Cli.Commands;

/// <summary>
/// A progress bar for work that may take more than a second: Spectre.Console's display on a terminal, cleared when the
/// work ends; nothing at all when standard output is a pipe or a file or NO_COLOR is set (CommandOutput.For decides). Callers decide from the size of the work whether
/// it is worth showing (never from a clock), so small runs print exactly what they printed before. Every command's
/// long work goes through this one type (sim's runs, the pager's replays, stress and cost runs, cost groups, demos).
/// </summary>
internal sealed class WorkProgress(IAnsiConsole? console)
{
    /// <summary>Never shows anything (tests, JSON to a pipe).</summary>
    public static WorkProgress None { get; } = new(null);

    /// <summary>Shows progress on the console when standard output is a terminal (CommandOutput.For asks for it only
    /// then, and only without NO_COLOR).</summary>
    public static WorkProgress ForStandardOutput() => new(Console.IsOutputRedirected ? null : AnsiConsole.Console);

    /// <summary>Runs <paramref name="work"/>, with a bar counting to <paramref name="total"/> (null: unknown, a pulsing bar
    /// and the time elapsed) when <paramref name="worthShowing"/> and there is a terminal.</summary>
    public T Run<T>(bool worthShowing, string description, long? total, Func<Sink, T> work)
    {
        if (console is null || !worthShowing) return work(Sink.Ignored);
        T result = default!;
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(description), maxValue: Math.Max(1, total ?? 1));
                task.IsIndeterminate = total is null;
                result = work(new Sink(task));
                task.Value = task.MaxValue;
            });
        return result;
    }

    /// <summary>Where the work reports how far it got (in the unit of the total), and may say what it is doing now.</summary>
    internal sealed class Sink(ProgressTask? task) : IProgress<long>, IProgress<int>
    {
        public static Sink Ignored { get; } = new(null);

        public void Report(long value)
        {
            if (task is not null) task.Value = Math.Min(value, task.MaxValue);
        }

        void IProgress<int>.Report(int value) => Report(value);

        /// <summary>One more unit done.</summary>
        public void Step()
        {
            if (task is not null) task.Increment(1);
        }

        /// <summary>Replaces the bar's description (plain text).</summary>
        public void Describe(string description)
        {
            if (task is not null) task.Description = Markup.Escape(description);
        }
    }
}
