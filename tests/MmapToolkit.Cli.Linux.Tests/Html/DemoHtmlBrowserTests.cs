using System.Text.RegularExpressions;
using MmapToolkit.Cli.Linux.Tests.Support;
using MmapToolkit.Linux.Tests.Support;
using SkiaSharp;

namespace MmapToolkit.Cli.Linux.Tests.Html;

/// <summary>
/// <c>demo cow-fork --html</c> in a real browser, headless Chromium: the DOM after the page's script ran (one step
/// shown, chosen by <c>#step-N</c>; the parent's page 0 going from share count 1 to 2 to 3, highlighted as it changes;
/// a child's write copying the page), and a screenshot that shows the tables and their highlighted cells. Alone: the
/// real side forks.
/// </summary>
[Collection(KernelCountersCollection.Name)]
public class DemoHtmlBrowserTests
{
    private sealed record Section(int Index, string Step, bool Hidden, string Html);

    private sealed record Pte(string Process, int Page, int Frame, int Share, bool Cow, string Row)
    {
        public bool Changed(string column) => Regex.IsMatch(Row, $"<td data-col=\"{column}\" class=\"changed\"");
    }

    [ChromiumFact]
    public void TheBrowserShowsShareCountsGoingOneTwoThreeAndACopyOnWrite()
    {
        using var dir = new TempDirectory();
        string page = dir.File("cow-fork.html");
        var r = Mmaptk.Run("demo", "cow-fork", "--html", page);
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        int childWrite = Sections(File.ReadAllText(page)).Single(s => s.Step == "touch child1 heap 0..3 write value=9").Index;

        string dom = Chromium.DumpDom(page, $"#step-{childWrite}");

        // The script ran: it shows exactly the step the address names, and says where it is.
        Assert.Matches("<body[^>]*data-current=\"" + childWrite + "\"", dom);
        Assert.Matches("<body[^>]*data-script=\"ready\"", dom);
        var sections = Sections(dom);
        Assert.Equal(19, sections.Count);
        Assert.Equal([childWrite], sections.Where(s => !s.Hidden).Select(s => s.Index));
        Assert.Contains($"step {childWrite + 1} of 19</span>", dom);
        Assert.Matches($"<li class=\"step-item current\" data-step=\"{childWrite}\"", dom);

        // Share counts 1 -> 2 -> 3 on the parent's page 0, each change highlighted.
        int touch = Index(sections, "touch main heap all write value=7");
        int fork1 = Index(sections, "fork main child1");
        int fork2 = Index(sections, "fork main child2");
        var main0 = new[] { touch, fork1, fork2 }.Select(i => Ptes(sections[i]).Single(p => p.Process == "main" && p.Page == 0)).ToList();
        Assert.Equal([1, 2, 3], main0.Select(p => p.Share));
        Assert.False(main0[0].Cow);
        Assert.True(main0[1].Cow);
        Assert.True(main0[1].Changed("share") && main0[2].Changed("share") && main0[1].Changed("cow"));
        Assert.Matches($"<tr class=\"frame\" data-frame=\"{main0[2].Frame}\" data-share=\"3\">", sections[fork2].Html);
        Assert.Contains("main heap[0], child1 heap[0], child2 heap[0]", sections[fork2].Html);

        // The child's write: a copy on write of pages 0..3 only, new frames highlighted, the parent's share count back to 2.
        var after = Ptes(sections[childWrite]);
        for (int pageNo = 0; pageNo < 4; pageNo++)
        {
            var child = after.Single(p => p.Process == "child1" && p.Page == pageNo);
            var parent = after.Single(p => p.Process == "main" && p.Page == pageNo);
            Assert.NotEqual(parent.Frame, child.Frame);
            Assert.True(child is { Share: 1, Cow: false } && child.Changed("frame") && child.Changed("cow"), child.Row);
            Assert.Equal(2, parent.Share);
        }
        Assert.Equal(after.Single(p => p.Process == "main" && p.Page == 4).Frame, after.Single(p => p.Process == "child1" && p.Page == 4).Frame);
        Assert.Contains("copy-on-write", sections[childWrite].Html);   // the model's fault log says what it did

        // The kernel's observations beside them: the step's faults on both sides, with a verdict.
        var faults = Regex.Match(sections[childWrite].Html, "<tr class=\"counter ([a-z-]+)\" data-counter=\"faults\"><td>faults</td><td>([^<]*)</td><td[^>]*>([^<]*)</td>");
        Assert.True(faults.Success, "no faults row in the observations");
        Assert.Equal("4", faults.Groups[2].Value);
        Assert.NotEqual("n/a", faults.Groups[3].Value);
    }

    [ChromiumFact]
    public void AScreenshotShowsTheTablesWithHighlightedCells()
    {
        using var dir = new TempDirectory();
        string page = dir.File("cow-fork.html");
        Assert.Equal(0, Mmaptk.Run("demo", "cow-fork", "--model-only", "--html", page).ExitCode);
        int fork2 = Index(Sections(File.ReadAllText(page)), "fork main child2");
        string png = dir.File("shot.png");

        Chromium.Screenshot(page, $"#step-{fork2}", png, 1400, 1000);

        using var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.Equal((1400, 1000), (bitmap.Width, bitmap.Height));
        var colours = new Dictionary<SKColor, int>();
        foreach (var pixel in bitmap.Pixels) colours[pixel] = colours.GetValueOrDefault(pixel) + 1;
        Assert.True(colours.Count > 50, $"{colours.Count} colours: a blank or nearly blank page");
        Assert.True(colours.Values.Max() < bitmap.Width * bitmap.Height * 0.9, "one colour covers 90% of the page");
        // The highlight (--changed in the page's style): the share counts that went from 2 to 3 on this step.
        int highlighted = colours.GetValueOrDefault(new SKColor(0xff, 0xd5, 0x4a));
        Assert.True(highlighted > 5000, $"{highlighted} pixels of the highlight colour");
    }

    private static int Index(IReadOnlyList<Section> sections, string step) => sections.Single(s => s.Step == step).Index;

    /// <summary>The step sections, their step text with the columns' spaces squeezed, and whether each is hidden.</summary>
    private static List<Section> Sections(string html) =>
        Regex.Matches(html, "<section class=\"step[^\"]*\"([^>]*)>(.*?)</section>", RegexOptions.Singleline)
            .Select(m => new Section(
                int.Parse(Regex.Match(m.Groups[1].Value, "data-step=\"(\\d+)\"").Groups[1].Value),
                Regex.Replace(System.Net.WebUtility.HtmlDecode(Regex.Match(m.Groups[2].Value, "<code>(.*?)</code>").Groups[1].Value), " +", " "),
                m.Groups[1].Value.Contains("hidden"),
                m.Groups[2].Value))
            .ToList();

    private static List<Pte> Ptes(Section s) =>
        Regex.Matches(s.Html, "<tr class=\"pte [a-z]+\" data-process=\"([^\"]+)\" data-region=\"heap\" data-page=\"(\\d+)\" data-state=\"[a-z-]+\" " +
                              "data-frame=\"(-?\\d+)\" data-share=\"(\\d+)\" data-cow=\"(true|false)\">.*?</tr>", RegexOptions.Singleline)
            .Select(m => new Pte(m.Groups[1].Value, int.Parse(m.Groups[2].Value), int.Parse(m.Groups[3].Value), int.Parse(m.Groups[4].Value),
                                 m.Groups[5].Value == "true", m.Value))
            .ToList();
}
