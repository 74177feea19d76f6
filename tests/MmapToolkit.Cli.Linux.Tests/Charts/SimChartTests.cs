using MmapToolkit.Cli.Charts;
using MmapToolkit.Cli.Linux.Tests.Support;
using MmapToolkit.Linux.Tests.Support;

namespace MmapToolkit.Cli.Linux.Tests.Charts;

/// <summary><c>sim --chart</c>: the files hold the series by name, the anomaly marks only where there is an anomaly,
/// the stated size, the same bytes for the same figures; bad names are refused before anything runs.</summary>
public class SimChartTests
{
    private const string Notes = "0 1 2 3 0 1 4 0 1 2 3 4";

    [Fact]
    public void An_svg_chart_names_every_policy_the_anomaly_and_the_one_pass_curve()
    {
        using var dir = new TempDirectory();
        string path = dir.File("faults.svg");
        var run = Mmaptk.Run("sim", "--policy", "fifo,lru,opt", "--frames", "1..6", "--trace", Notes, "--chart", path);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.EndsWith($"chart: {path} (SVG, 900x540)\n", run.Stdout.ReplaceLineEndings("\n"));
        var svg = ChartFiles.ReadSvg(path);
        Assert.Equal((ChartFile.Width, ChartFile.Height), (svg.Width, svg.Height));
        Assert.Contains("fifo", svg.Texts);
        Assert.Contains("lru", svg.Texts);
        Assert.Contains("opt", svg.Texts);
        Assert.Contains(FaultCurveChart.OnePassLegend, svg.Texts);
        Assert.Contains(FaultCurveChart.AnomalyLegend, svg.Texts);   // FIFO: 9 faults with 3 frames, 10 with 4
        Assert.Contains("page faults per frame count: 12 references, 5 distinct pages", svg.Texts);
    }

    [Fact]
    public void Without_an_anomaly_there_is_no_anomaly_mark()
    {
        using var dir = new TempDirectory();
        string path = dir.File("lru.svg");
        Assert.Equal(0, Mmaptk.Run("sim", "--policy", "lru", "--frames", "1..6", "--trace", Notes, "--chart", path).ExitCode);
        var texts = ChartFiles.ReadSvg(path).Texts;
        Assert.Contains("lru", texts);
        Assert.DoesNotContain(FaultCurveChart.AnomalyLegend, texts);
    }

    [Fact]
    public void The_mrc_chart_is_the_one_pass_curve_alone()
    {
        using var dir = new TempDirectory();
        string path = dir.File("mrc.svg");
        Assert.Equal(0, Mmaptk.Run("sim", "--mrc", "--trace", Notes, "--chart", path).ExitCode);
        var texts = ChartFiles.ReadSvg(path).Texts;
        Assert.Contains(FaultCurveChart.OnePassLegend, texts);
        Assert.DoesNotContain("lru", texts);
    }

    [Fact]
    public void A_png_chart_has_the_stated_size_and_the_same_bytes_each_time()
    {
        using var dir = new TempDirectory();
        string a = dir.File("a.png"), b = dir.File("b.PNG");
        Assert.Equal(0, Mmaptk.Run("sim", "--policy", "fifo,clock", "--frames", "1..8", "--trace", Notes, "--chart", a, "--json").ExitCode);
        Assert.Equal(0, Mmaptk.Run("sim", "--policy", "fifo,clock", "--frames", "1..8", "--trace", Notes, "--chart", b).ExitCode);
        Assert.Equal((900, 540), ChartFiles.PngSize(a));
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
    }

    [Fact]
    public void With_json_or_csv_the_output_stays_machine_readable()
    {
        using var dir = new TempDirectory();
        var run = Mmaptk.Run("sim", "--policy", "fifo", "--frames", "1..4", "--trace", Notes, "--chart", dir.File("c.svg"), "--json");
        Assert.Equal(4, run.Json().GetProperty("results").GetArrayLength());
        run = Mmaptk.Run("sim", "--policy", "fifo", "--frames", "1..4", "--trace", Notes, "--chart", dir.File("d.svg"), "--csv");
        Assert.StartsWith("frames,faults,hits,fault_rate,belady_anomaly\n", run.Stdout.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("chart:", run.Stdout);
        Assert.True(File.Exists(dir.File("d.svg")));
    }

    [Theory]
    [InlineData("x.jpg", "--chart 'x.jpg': a chart is written as .svg or .png, not '.jpg'")]
    [InlineData("chart", "--chart 'chart': a chart is written as .svg or .png, not '(no extension)'")]
    [InlineData("", "--chart needs a file name ending in .svg or .png, got an empty string")]
    [InlineData("/no/such/dir/x.svg", "--chart '/no/such/dir/x.svg': the directory /no/such/dir does not exist")]
    public void A_bad_chart_name_is_one_line_and_exit_code_two(string path, string message)
    {
        var run = Mmaptk.Run("sim", "--policy", "fifo", "--frames", "1..4", "--trace", Notes, "--chart", path);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"mmaptk: error: {message}\n", run.Stderr.ReplaceLineEndings("\n"));
        Assert.Equal("", run.Stdout);
    }

    /// <summary>sysfs takes no new files even from root (probed first): refused before the work, not after it.</summary>
    [Fact]
    public void A_chart_that_cannot_be_written_is_refused_before_the_run()
    {
        const string path = "/sys/mmaptk-chart-test.svg";
        Assert.ThrowsAny<Exception>(() => File.Create(path).Dispose());
        var run = Mmaptk.Run("sim", "--policy", "fifo", "--frames", "1..4", "--trace", Notes, "--chart", path);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"mmaptk: error: --chart '{path}' cannot be written: ", run.Stderr);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public void A_directory_is_not_a_chart_file()
    {
        using var dir = new TempDirectory();
        string path = Directory.CreateDirectory(dir.File("d.svg")).FullName;
        var run = Mmaptk.Run("sim", "--frames", "1..4", "--trace", Notes, "--chart", path);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"mmaptk: error: --chart '{path}' is a directory, not a file to write", run.Stderr.Trim());
    }

    [Theory]
    [InlineData("--frames 3", "--chart draws faults against frames: give a range --frames A..B (got --frames 3) or --mrc")]
    [InlineData("--belady", "--chart draws faults against frames: it goes with --frames A..B or --mrc, not with --belady")]
    public void A_chart_needs_several_frame_counts(string mode, string message)
    {
        using var dir = new TempDirectory();
        string path = dir.File("x.svg");
        var run = Mmaptk.Run(["sim", "--policy", "fifo", .. mode.Split(' '), "--trace", Notes, "--chart", path]);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"mmaptk: error: {message}", run.Stderr.Trim());
        Assert.False(File.Exists(path));
    }
}
