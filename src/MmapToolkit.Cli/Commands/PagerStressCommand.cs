using System.CommandLine;
using MmapToolkit.Pager;

namespace MmapToolkit.Cli.Commands;

/// <summary><c>mmaptk pager stress</c>: several threads reading and writing checksummed pages through a few frames.</summary>
internal static class PagerStressCommand
{
    public static Command Create()
    {
        var pages = new Option<long>("--pages") { Description = $"Virtual pages (at most {PagerStressOptions.MaxPages}: every page is checked at the end).", DefaultValueFactory = _ => 4096 };
        var frames = new Option<int>("--frames") { Description = "Frames (fewer than pages, so pages are evicted and swapped).", DefaultValueFactory = _ => 256 };
        var threads = new Option<int>("--threads") { Description = "Threads reading and writing at once.", DefaultValueFactory = _ => 4 };
        var seconds = new Option<double>("--seconds") { Description = $"How long to run (at most {PagerStressRequest.MaxSeconds}).", DefaultValueFactory = _ => 5 };
        var policy = new Option<string>("--policy") { Description = "fifo, clock, lru or random (opt needs a future a random run does not have; wsclock a virtual time its threads do not keep).", DefaultValueFactory = _ => "clock" };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var csv = new Option<bool>("--csv") { Description = "Print the table as CSV: a header row, then a row per counter." };
        var backend = PagerBackendOption.Create();
        var command = new Command("stress", "Random reads and writes of checksummed pages from several threads; every page verified at the end.")
        {
            pages, frames, threads, seconds, policy, backend, json, csv,
        };
        command.SetAction(parse => CommandRunner.Run(parse,
            () => PagerStressRequest.From(parse.GetValue(pages), parse.GetValue(frames), parse.GetValue(threads), parse.GetValue(seconds),
                                          parse.GetValue(policy)!, parse.GetValue(backend), parse.GetValue(json), parse.GetValue(csv)),
            PagerStressRunner.Execute));
        return command;
    }
}
