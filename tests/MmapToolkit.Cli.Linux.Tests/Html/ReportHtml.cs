using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using MmapToolkit.Cli.Linux.Tests.Support;
using MmapToolkit.Linux.Tests.Support;

namespace MmapToolkit.Cli.Linux.Tests.Html;

/// <summary>A report written once for the tests of a class: the command's exit code and output, the page, and what
/// the page holds, parsed (index entries, charts as XML, cost rows).</summary>
public abstract class ReportRun : IDisposable
{
    private readonly TempDirectory _dir = new();

    protected ReportRun(params string[] options)
    {
        Path = _dir.File("report.html");
        Result = Mmaptk.Run(["report", .. options, "--html", Path]);
        Html = File.Exists(Path) ? File.ReadAllText(Path) : "";
    }

    public string Path { get; }
    internal Mmaptk.Result Result { get; }
    public string Html { get; }

    public string TempFile(string name) => _dir.File(name);

    public void Dispose() => _dir.Dispose();
}

/// <summary><c>report --model-only</c>: the demos' model side, the simulator's charts, no cost figures.</summary>
public sealed class ModelOnlyReport() : ReportRun("--model-only");

/// <summary>Reads what the report page holds.</summary>
internal static class ReportHtml
{
    public static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public sealed record IndexEntry(string Target, string Text);

    public sealed record CostRow(string Name, string Group, IReadOnlyDictionary<string, double> Values, string Row);

    public static List<IndexEntry> Index(string html) =>
        Regex.Matches(html, "<li class=\"index-entry\" data-target=\"([^\"]+)\"><a href=\"#([^\"]+)\">([^<]*)</a></li>")
            .Select(m =>
            {
                Assert.Equal(m.Groups[1].Value, m.Groups[2].Value);
                return new IndexEntry(m.Groups[1].Value, WebUtility.HtmlDecode(m.Groups[3].Value));
            })
            .ToList();

    /// <summary>The ids of the page's own elements (not those inside a demo's escaped srcdoc).</summary>
    public static HashSet<string> Ids(string html) => Regex.Matches(html, " id=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToHashSet();

    /// <summary>The inline chart with this id, parsed as XML (it must be well-formed).</summary>
    public static XElement Chart(string html, string id)
    {
        var m = Regex.Match(html, $"<svg id=\"{Regex.Escape(id)}\".*?</svg>", RegexOptions.Singleline);
        Assert.True(m.Success, $"no <svg id=\"{id}\"> in the page");
        var svg = XElement.Parse(m.Value);
        Assert.Equal(Svg + "svg", svg.Name);
        return svg;
    }

    public static List<string> ChartIds(string html) => Regex.Matches(html, "<svg id=\"([^\"]+)\" class=\"chart\"").Select(m => m.Groups[1].Value).ToList();

    public static List<string> Texts(XElement svg) => svg.Descendants(Svg + "text").Select(t => t.Value.Trim()).ToList();

    public static List<string> Paths(XElement svg) => svg.Descendants(Svg + "path").Select(p => (string?)p.Attribute("d") ?? "").ToList();

    public static HashSet<string> Strokes(XElement svg) =>
        svg.Descendants().Select(e => (string?)e.Attribute("stroke")).OfType<string>().Select(s => s.ToUpperInvariant()).ToHashSet();

    public static List<CostRow> CostRows(string html) =>
        Regex.Matches(html, "<tr class=\"cost-figure\" data-measurement=\"([^\"]+)\" data-group=\"([^\"]+)\">(.*?)</tr>", RegexOptions.Singleline)
            .Select(m => new CostRow(m.Groups[1].Value, m.Groups[2].Value,
                Regex.Matches(m.Groups[3].Value, "data-col=\"([a-z]+)\" data-value=\"([^\"]+)\"")
                    .ToDictionary(v => v.Groups[1].Value, v => double.Parse(v.Groups[2].Value, CultureInfo.InvariantCulture)),
                m.Value))
            .ToList();
}
