using MmapToolkit.Cli.Linux.Tests.Support;
using MmapToolkit.Linux.Tests.Cli;

namespace MmapToolkit.Cli.Linux.Tests;

/// <summary>Values that do not convert are named in plain words, not .NET type names (issue 9).</summary>
public class ParseErrorTests
{
    [Theory]
    [InlineData("--pid expects a whole number from -2147483648 to 2147483647, got 'x'", "inspect", "--pid", "x")]
    [InlineData("--pid expects a whole number from -2147483648 to 2147483647, got '99999999999'", "inspect", "--pid", "99999999999")]
    [InlineData("--seed expects a whole number from 0 to 18446744073709551615, got '-1'", "sim", "--belady", "--seed", "-1")]
    [InlineData("--pages expects a whole number from -2147483648 to 2147483647, got an empty string", "fork-probe", "--pages", "")]
    [InlineData("--timeout expects a number (like 2 or 0.5), got 'soon'", "fork-probe", "--timeout", "soon")]
    [InlineData("--frames expects a whole number from -2147483648 to 2147483647, got '1..3'", "pager", "--frames", "1..3", "--trace", "0")]
    public void A_value_that_does_not_convert_is_named_in_plain_words(string message, params string[] args)
    {
        var run = Mmaptk.Run(args);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"mmaptk: error: {message} (see 'mmaptk --help')", run.Stderr.Trim());
        Assert.DoesNotContain("System.", run.Stderr);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public void Other_parse_errors_keep_their_message()
    {
        var run = Mmaptk.Run("inspect", "--pid");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("mmaptk: error: Required argument missing for option: '--pid' (see 'mmaptk --help')", run.Stderr.Trim());
    }

    [Fact]
    public void The_real_binary_exits_with_two_for_a_parse_error_and_prints_only_the_line()
    {
        var run = MmaptkCli.Run("sim", "--belady", "--seed", "-1");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("mmaptk: error: --seed expects a whole number from 0 to 18446744073709551615, got '-1' (see 'mmaptk --help')", run.Stderr.Trim());
        Assert.Equal("", run.Stdout);
    }
}
