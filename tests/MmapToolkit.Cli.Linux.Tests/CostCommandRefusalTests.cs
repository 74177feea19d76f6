using MmapToolkit.Cli.Linux.Tests.Support;

namespace MmapToolkit.Cli.Linux.Tests;

/// <summary>
/// <c>mmaptk cost</c>'s refusals in-process: the sizes are checked by CostOptions.Validate, which names the command
/// line's options, before anything is measured. (The measurements themselves: MmapToolkit.Linux.Tests' CostCommandTests.)
/// </summary>
public class CostCommandRefusalTests
{
    [Theory]
    [InlineData("--touched (65) cannot exceed --pages (64)", "--pages", "64", "--touched", "65")]
    [InlineData("--touched must be at least 1 (got 0)", "--touched", "0")]
    [InlineData("--pages must be between 1 and 4194304 (got 0)", "--pages", "0")]
    [InlineData("--repetitions must be between 1 and 1000 (got 1001)", "--repetitions", "1001")]
    [InlineData("--fork-sizes: 'ten' is not a positive whole number of pages", "--fork-sizes", "1000,ten")]
    [InlineData("--fork-sizes: '0' is not a positive whole number of pages", "--fork-sizes", "0")]
    [InlineData("--fork-sizes: 4194305 is more than 4194304 pages", "--fork-sizes", "4194305")]
    [InlineData("--fork-sizes: each size may appear once", "--fork-sizes", "10,10")]
    [InlineData("no cost group 'nope': choose one of demand-zero, cow-fault, fork, text", "--only", "nope")]
    [InlineData("--directory '/nonexistent-mmaptk' does not exist", "--directory", "/nonexistent-mmaptk")]
    public void Bad_input_is_exit_code_two_with_one_line(string message, params string[] args)
    {
        var run = Mmaptk.Run(["cost", "--json", .. args]);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"mmaptk: error: {message}\n", run.Stderr.ReplaceLineEndings("\n"));
        Assert.Equal("", run.Stdout);
    }
}
