using System.Text.RegularExpressions;
using MmapToolkit.Cli.Linux.Tests.Support;
using MmapToolkit.Linux.Tests.Support;

namespace MmapToolkit.Cli.Linux.Tests.Html;

/// <summary><c>mmaptk report --html FILE</c>: every demo in one page, an index first, each demo's own page inline.
/// Model only: nothing forks.</summary>
public class ReportCommandTests
{
    [Fact]
    public void OnePageWithAnIndexAndEveryDemoInline()
    {
        using var dir = new TempDirectory();
        string path = dir.File("report.html");
        var demos = Mmaptk.Run("demo", "--list", "--json").Json().EnumerateArray().Select(d => d.GetProperty("name").GetString()!).ToList();

        var r = Mmaptk.Run("report", "--model-only", "--html", path);

        Assert.Equal(0, r.ExitCode);
        Assert.Contains($"html: {path} ({demos.Count} demos)", r.Stdout);
        string html = File.ReadAllText(path);
        Assert.Equal(demos, Regex.Matches(html, "<tr class=\"agree\" data-demo=\"([^\"]+)\">").Select(m => m.Groups[1].Value));
        foreach (string name in demos)
            Assert.Matches($"<section class=\"demo\" id=\"demo-{Regex.Escape(name)}\"><iframe loading=\"lazy\" title=\"demo {Regex.Escape(name)}\" srcdoc=\"&lt;!DOCTYPE html&gt;", html);
        Assert.DoesNotContain("<script", html);   // each demo's script is inside its escaped srcdoc
        foreach (string fetches in new[] { "src=", "<link", "http:", "https:" })
            Assert.DoesNotContain(fetches, html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(new string[0], "mmaptk: error: report needs --html FILE.html: the page to write")]
    [InlineData(new[] { "--html", "report.txt" }, "mmaptk: error: --html 'report.txt': the page is written as .html, not '.txt'")]
    public void WithoutAPageToWriteItIsOneLineAndExitCode2(string[] args, string line)
    {
        var r = Mmaptk.Run(["report", "--model-only", .. args]);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal(line, r.Stderr.Trim());
        Assert.Equal("", r.Stdout);
    }
}
