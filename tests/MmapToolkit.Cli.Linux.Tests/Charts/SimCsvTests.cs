using MmapToolkit.Cli.Linux.Tests.Support;

namespace MmapToolkit.Cli.Linux.Tests.Charts;

/// <summary><c>sim --csv</c> on the notes' reference string: a header row, a row per table row (every frame count),
/// numbers unformatted; refused where there is no table.</summary>
public class SimCsvTests
{
    private const string Notes = "0 1 2 3 0 1 4 0 1 2 3 4";

    private static string Csv(params string[] args)
    {
        var run = Mmaptk.Run(["sim", .. args, "--trace", Notes, "--csv"]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return run.Stdout.ReplaceLineEndings("\n");
    }

    [Fact]
    public void One_frame_count_is_one_row()
        => Assert.Equal("policy,frames,references,faults,hits,fault_rate,evictions,swap_outs,swap_ins\nfifo,3,12,9,3,0.75,6,0,0\n",
                        Csv("--policy", "fifo", "--frames", "3"));

    [Fact]
    public void A_range_is_a_row_per_frame_count_with_the_anomaly_flag()
        => Assert.Equal("frames,faults,hits,fault_rate,belady_anomaly\n1,12,0,1,false\n2,12,0,1,false\n3,9,3,0.75,false\n"
                        + "4,10,2,0.8333333333333334,true\n5,5,7,0.4166666666666667,false\n",
                        Csv("--policy", "fifo", "--frames", "1..5"));

    [Fact]
    public void Several_policies_are_a_column_each()
        => Assert.Equal("frames,fifo,lru,opt\n1,12,12,12\n2,12,12,9\n3,9,10,7\n4,10,8,6\n", Csv("--policy", "fifo,lru,opt", "--frames", "1..4"));

    [Fact]
    public void The_mrc_is_a_row_per_frame_count_with_its_knees()
        => Assert.Equal("frames,faults,fault_rate,knee\n1,12,1,false\n2,12,1,false\n3,10,0.8333333333333334,true\n4,8,0.6666666666666666,true\n"
                        + "5,5,0.4166666666666667,true\n", Csv("--mrc"));

    [Fact]
    public void A_long_range_gives_every_row_where_the_table_summarises()
    {
        string csv = Csv("--policy", "fifo,lru", "--frames", "1..200");
        Assert.Equal(201, csv.TrimEnd('\n').Split('\n').Length);
        Assert.Contains("\n200,5,5\n", csv);
    }

    [Theory]
    [InlineData("--json", "give only one of --json and --csv")]
    [InlineData("--belady", "--csv writes a table, and --belady prints a sentence: give --json for scripts")]
    [InlineData("--table", "--csv writes the figures, not the notes' frame table: give one of --csv and --table")]
    public void Csv_is_refused_where_there_is_no_table(string flag, string message)
    {
        var run = Mmaptk.Run("sim", "--policy", "fifo", "--frames", "3", "--trace", Notes, "--csv", flag);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"mmaptk: error: {message}", run.Stderr.Trim());
    }
}
