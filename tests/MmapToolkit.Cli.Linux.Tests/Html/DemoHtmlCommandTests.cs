using System.Text.RegularExpressions;
using MmapToolkit.Cli.Linux.Tests.Support;
using MmapToolkit.Linux.Tests.Support;

namespace MmapToolkit.Cli.Linux.Tests.Html;

/// <summary><c>demo NAME --html FILE</c> as a file (the browser's view of it is <see cref="DemoHtmlBrowserTests"/>): one
/// self-contained page, every text escaped, and a bad path refused before anything runs. Model only: nothing forks.</summary>
public class DemoHtmlCommandTests
{
    [Fact]
    public void WritesOnePageThatFetchesNothing_WithASectionPerStep()
    {
        using var dir = new TempDirectory();
        string path = dir.File("cow-fork.html");

        var r = Mmaptk.Run("demo", "cow-fork", "--model-only", "--html", path);

        Assert.Equal(0, r.ExitCode);
        Assert.Contains($"html: {path} (19 steps)", r.Stdout);
        string html = File.ReadAllText(path);
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<style>", html);
        Assert.Single(Regex.Matches(html, "<script"));   // the inline script, no other
        foreach (string fetches in new[] { "src=", "<link", "http:", "https:", "@import", "url(" })
            Assert.DoesNotContain(fetches, html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(19, Regex.Matches(html, "<section class=\"step\"").Count);
        Assert.Equal(19, Regex.Matches(html, "<li class=\"step-item").Count);
        Assert.Contains("The parent writes a 16-page heap, then forks twice", html);
        Assert.Contains("class=\"changed\"", html);
    }

    [Fact]
    public void WithJsonStdoutIsTheJsonAlone()
    {
        using var dir = new TempDirectory();
        string path = dir.File("cow-fork.html");

        var r = Mmaptk.Run("demo", "cow-fork", "--model-only", "--json", "--html", path);

        Assert.Equal(0, r.ExitCode);
        Assert.Equal("cow-fork", r.Json().GetProperty("name").GetString());
        Assert.Contains("<section class=\"step\"", File.ReadAllText(path));
    }

    [Fact]
    public void EveryTextFromTheScenarioIsEscaped()
    {
        using var dir = new TempDirectory();
        string scenario = dir.File("escape.scenario");
        File.WriteAllText(scenario, """
            demo    escape
            topic   1 <b>bold</b> & "quoted"
            story   <script>alert('story')</script> & <img onerror=x>
            agree   faults
            process main
            map     main heap 2 anon private rw
            touch   main heap all write
            """);
        string path = dir.File("escape.html");

        var r = Mmaptk.Run("demo", scenario, "--model-only", "--html", path);

        Assert.Equal(0, r.ExitCode);
        string html = File.ReadAllText(path);
        Assert.Contains("&lt;script&gt;alert(&#39;story&#39;)&lt;/script&gt; &amp; &lt;img onerror=x&gt;", html);
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;", html);
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("<b>", html);
        Assert.Single(Regex.Matches(html, "<script"));
    }

    public static TheoryData<string, string> BadPaths() => new()
    {
        { "/nonexistent-dir-mmaptk/page.html", "the directory /nonexistent-dir-mmaptk does not exist" },
        { "page.txt", "the page is written as .html, not '.txt'" },
        { "page", "not '(no extension)'" },
        { "", "needs a file name ending in .html" },
    };

    [Theory]
    [MemberData(nameof(BadPaths))]
    public void ABadPathIsOneLineAndExitCode2(string path, string says)
    {
        var r = Mmaptk.Run("demo", "cow-fork", "--model-only", "--html", path);

        Assert.Equal(2, r.ExitCode);
        string line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("mmaptk: error: --html", line);
        Assert.Contains(says, line);
        Assert.Equal("", r.Stdout);
    }

    /// <summary>sysfs takes no new files even from root (probed first): refused before the demo runs.</summary>
    [Fact]
    public void APageThatCannotBeWrittenIsRefusedBeforeTheDemo()
    {
        const string path = "/sys/mmaptk-html-test.html";
        Assert.ThrowsAny<Exception>(() => File.Create(path).Dispose());
        var r = Mmaptk.Run("demo", "cow-fork", "--model-only", "--html", path);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith($"mmaptk: error: --html '{path}' cannot be written: ", r.Stderr);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void ADirectoryIsNotAPage()
    {
        using var dir = new TempDirectory();
        string path = Directory.CreateDirectory(Path.Combine(dir.Path, "page.html")).FullName;

        var r = Mmaptk.Run("demo", "cow-fork", "--model-only", "--html", path);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"mmaptk: error: --html '{path}' is a directory, not a file to write", r.Stderr.Trim());
    }

    [Theory]
    [InlineData("--all")]
    [InlineData("--list")]
    public void HtmlDrawsOneNamedDemo(string instead)
    {
        using var dir = new TempDirectory();
        string path = dir.File("all.html");

        var r = Mmaptk.Run("demo", instead, "--model-only", "--html", path);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"mmaptk: error: --html draws one demo: name it instead of {instead}", r.Stderr.Trim());
        Assert.False(File.Exists(path));
    }
}
