using System.Text;
using static MmapToolkit.Cli.Html.HtmlText;

namespace MmapToolkit.Cli.Html;

/// <summary>One simulator chart in the report: its heading, what it shows, the chart inline, and the commands that
/// draw it on their own.</summary>
internal static class ReportSimSection
{
    public static void Write(StringBuilder html, ReportChart chart)
    {
        html.Append("<section class=\"sim\" ").Append(Attribute("id", chart.Id)).Append(' ')
            .Append(Attribute("data-policies", string.Join(',', chart.Policies))).Append('>');
        html.Element("h2", $"Simulator: page faults against frames on {chart.Title}");
        html.Element("p", chart.Caption);
        html.Append(InlineSvg.Of([chart.Plot], $"{chart.Id}-chart", $"page faults against frames on {chart.Title}"));
        html.Element("p", "The same chart on its own:", "class=\"note\"");
        html.Element("pre", string.Join('\n', chart.Commands), "class=\"commands\"");
        html.Append("</section>\n");
    }
}
