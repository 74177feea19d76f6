using System.Text;
using MmapToolkit.Demos.Running;
using static MmapToolkit.Cli.Html.HtmlText;

namespace MmapToolkit.Cli.Html;

/// <summary>
/// <c>report --html</c>: an index of every demo (topic, verdict, counts), then each demo's own page
/// (<see cref="DemoPage"/>) in a frame of its own, given inline (<c>srcdoc</c>), so each keeps its step navigation and
/// the file still fetches nothing.
/// </summary>
internal static class ReportPage
{
    public static string Build(IReadOnlyList<DemoResult> results)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Element("title", "mmaptk report: every demo");
        html.Append("<style>").Append(Style).Append("</style></head>\n<body>");
        html.Element("h1", $"mmaptk report: {results.Count} demos, model and real kernel side by side");
        html.Append("<table class=\"index\"><thead><tr>");
        foreach (string c in new[] { "demo", "topic", "verdict", "agree", "differ (explained)", "differ (unexplained)", "not compared" })
            html.Element("th", c);
        html.Append("</tr></thead>");
        foreach (var r in results)
        {
            html.Append("<tr ").Append(Attribute("class", r.Agree ? "agree" : "differ")).Append(' ').Append(Attribute("data-demo", r.Name)).Append("><td>");
            html.Element("a", r.Name, Attribute("href", $"#demo-{r.Name}"));
            html.Append("</td>");
            html.Element("td", $"{r.Scenario.Topic}: {r.Scenario.TopicTitle}");
            html.Element("td", r.Agree ? "agree" : "unexplained differences");
            foreach (var v in new[] { Verdict.Agree, Verdict.DifferExplained, Verdict.DifferUnexplained, Verdict.NotCompared })
                html.Element("td", Number(r.Count(v)));
            html.Append("</tr>");
        }
        html.Append("</table>\n");
        foreach (var r in results)
        {
            html.Append("<section class=\"demo\" ").Append(Attribute("id", $"demo-{r.Name}")).Append('>');
            html.Append("<iframe loading=\"lazy\" ").Append(Attribute("title", $"demo {r.Name}")).Append(' ')
                .Append(Attribute("srcdoc", DemoPage.Build(r))).Append("></iframe></section>\n");
        }
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private const string Style = """
        body { margin: 0 20px; font: 14px/1.4 system-ui, sans-serif; }
        table.index { border-collapse: collapse; } th, td { border: 1px solid #ccc; padding: 2px 8px; text-align: left; }
        th { background: #f0f0f0; } tr.agree td:nth-child(3) { color: #2e7d32; } tr.differ td { background: #ffdcdc; }
        iframe { width: 100%; height: 900px; border: 1px solid #ccc; }
        """;
}
