using System.Text;
using MmapToolkit.Demos.Running;
using static MmapToolkit.Cli.Html.HtmlText;

namespace MmapToolkit.Cli.Html;

/// <summary>
/// <c>report --html</c>: an index (one entry per section, the demos with their topic, verdict and counts), the
/// simulator's charts (<see cref="ReportSimSection"/>), the cost figures this run measured (<see cref="ReportCostSection"/>),
/// then each demo's own page (<see cref="DemoPage"/>) in a frame of its own, given inline (<c>srcdoc</c>), so each
/// keeps its step navigation. Charts are inline SVG and the page has no script of its own: it fetches nothing.
/// </summary>
internal static class ReportPage
{
    public static string Build(IReadOnlyList<DemoResult> results, IReadOnlyList<ReportChart> charts, ThrashingCliff? cliff,
                               ReportCostFigures cost)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Element("title", "mmaptk report: charts, costs and every demo");
        html.Append("<style>").Append(Style).Append("</style></head>\n<body>");
        html.Element("h1", $"mmaptk report: the simulator's charts, this machine's costs, {results.Count} demos (model and real kernel side by side)");
        Index(html, results, charts, cliff, cost);
        foreach (var c in charts) ReportSimSection.Write(html, c);
        if (cliff is not null) ReportCliffSection.Write(html, cliff);
        ReportCostSection.Write(html, cost);
        Demos(html, results);
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void Index(StringBuilder html, IReadOnlyList<DemoResult> results, IReadOnlyList<ReportChart> charts,
                              ThrashingCliff? cliff, ReportCostFigures cost)
    {
        html.Append("<nav id=\"index\">");
        html.Element("h2", "Index");
        html.Append("<ol>");
        foreach (var c in charts) Entry(html, c.Id, $"Simulator: page faults against frames on {c.Title}");
        if (cliff is not null) Entry(html, ReportCliffSection.Id, ReportCliffSection.Title(cliff));
        Entry(html, ReportCostSection.Id, cost.NotMeasured is null
            ? $"Costs measured by this run ({cost.Measurements.Count} figures)"
            : $"Costs: not measured ({cost.NotMeasured})");
        Entry(html, "demos", $"Demos ({results.Count}): model and real kernel, step by step");
        html.Append("</ol></nav>\n");
    }

    private static void Entry(StringBuilder html, string target, string text)
    {
        html.Append("<li class=\"index-entry\" ").Append(Attribute("data-target", target)).Append('>');
        html.Element("a", text, Attribute("href", $"#{target}"));
        html.Append("</li>");
    }

    private static void Demos(StringBuilder html, IReadOnlyList<DemoResult> results)
    {
        html.Append("<section id=\"demos\">");
        html.Element("h2", $"Demos ({results.Count})");
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
        html.Append("</section>\n");
    }

    private const string Style = """
        body { margin: 0 20px; font: 14px/1.4 system-ui, sans-serif; }
        table { border-collapse: collapse; } th, td { border: 1px solid #ccc; padding: 2px 8px; text-align: left; }
        th { background: #f0f0f0; } table.index tr.agree td:nth-child(3) { color: #2e7d32; } table.index tr.differ td { background: #ffdcdc; }
        table.cost td.figure { text-align: right; font-variant-numeric: tabular-nums; }
        svg.chart { display: block; width: 100%; max-width: 900px; height: auto; border: 1px solid #ddd; margin: 8px 0; }
        svg.chart.wide { max-width: 1800px; }
        pre.commands { background: #f6f8fa; padding: 6px 10px; overflow-x: auto; }
        .note { color: #666; } .warning { color: #b26a00; font-weight: bold; }
        iframe { width: 100%; height: 900px; border: 1px solid #ccc; }
        """;
}
