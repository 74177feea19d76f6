using System.CommandLine;
using MmapToolkit.Model.Quiz;

namespace MmapToolkit.Cli.Commands;

/// <summary>
/// <c>mmaptk quiz</c>: OSTEP-style exercises (after the homework's <c>paging-policy.py -s SEED</c> and <c>-c</c>):
/// without -c the questions, with -c the answers, computed by the managed model. The same options give the same bytes.
/// </summary>
internal static class QuizCommand
{
    public static Command Create()
    {
        var command = new Command("quiz", "Exercises on page replacement, Belady's anomaly and copy-on-write fork: the questions, or with -c the answers (from the model).");
        command.Subcommands.Add(Replacement());
        command.Subcommands.Add(Belady());
        command.Subcommands.Add(Cow());
        return command;
    }

    private static Option<ulong> Seed() => new("--seed", "-s") { Description = "Seed of the generated exercise: the same seed gives the same exercise.", DefaultValueFactory = _ => 0UL };

    private static Option<bool> Compute() => new("--compute", "-c") { Description = "Show the answers." };

    private static Option<bool> Json() => new("--json") { Description = "Print JSON instead of text." };

    private static Command Replacement()
    {
        var seed = Seed();
        var addresses = new Option<string?>("--addresses", "-a") { Description = $"The reference string, comma-separated page numbers (default: {ReplacementQuiz.GeneratedLength} pages from 0..{ReplacementQuiz.GeneratedPages - 1} drawn from the seed)." };
        var policy = new Option<string>("--policy", "-p") { Description = "Replacement policy: fifo, lru, opt, or any policy sim takes.", DefaultValueFactory = _ => "fifo" };
        var frames = new Option<int>("--frames", "-C") { Description = $"Frames (1 to {ReplacementQuiz.MaxFrames}).", DefaultValueFactory = _ => 3 };
        var compute = Compute();
        var json = Json();
        var command = new Command("replacement", "Hit or miss, the page evicted and the frames after each access: mmaptk quiz replacement --seed 7 --policy lru -c")
        {
            seed, addresses, policy, frames, compute, json,
        };
        command.SetAction(parse => CommandRunner.Run(parse,
            () => ReplacementQuizRequest.From(parse.GetValue(seed), parse.GetValue(addresses), parse.GetValue(policy)!, parse.GetValue(frames),
                                              parse.GetValue(compute), parse.GetValue(json)),
            QuizRunner.Replacement));
        return command;
    }

    private static Command Belady()
    {
        var seed = Seed();
        var compute = Compute();
        var json = Json();
        var command = new Command("belady", "Find the frame counts where FIFO faults more with more frames, on a generated string: mmaptk quiz belady --seed 3 -c")
        {
            seed, compute, json,
        };
        command.SetAction(parse => CommandRunner.Run(parse, () => new SeededQuizRequest(parse.GetValue(seed), parse.GetValue(compute), parse.GetValue(json)),
                                                     QuizRunner.Belady));
        return command;
    }

    private static Command Cow()
    {
        var seed = Seed();
        var compute = Compute();
        var json = Json();
        var command = new Command("cow", "Forks, reads, writes and exits over a few pages: faults, copies and share counts of each step: mmaptk quiz cow --seed 2 -c")
        {
            seed, compute, json,
        };
        command.SetAction(parse => CommandRunner.Run(parse, () => new SeededQuizRequest(parse.GetValue(seed), parse.GetValue(compute), parse.GetValue(json)),
                                                     QuizRunner.Cow));
        return command;
    }
}
