using System.Text;
using MmapToolkit.Cli.Charts;
using MmapToolkit.Demos.Running;
using static MmapToolkit.Cli.Html.HtmlText;

namespace MmapToolkit.Cli.Html;

/// <summary>The thrashing cliff in the report: <c>demo thrashing --chart</c>'s picture inline, with where the real
/// pager's points came from and the command that draws it on its own.</summary>
internal static class ReportCliffSection
{
    public const string Id = "thrashing-cliff";

    public static string Title(ThrashingCliff cliff) =>
        $"Thrashing: faults per reference as the working set passes {cliff.Frames} frames";

    public static void Write(StringBuilder html, ThrashingCliff cliff)
    {
        var (equal, compared) = cliff.Agreement();
        html.Append("<section class=\"cliff\" ").Append(Attribute("id", Id)).Append(' ')
            .Append(Attribute("data-policies", string.Join(',', cliff.Model.Select(s => s.Policy)))).Append('>');
        html.Element("h2", Title(cliff));
        html.Element("p", $"A loop over W pages, {cliff.Passes} passes, for W = 1..{2 * cliff.Frames}: lines are the model, " +
                          "open circles the real user-level pager replaying the same loops. " +
                          (cliff.RealUnavailable is { } why
                              ? $"The real pager did not run: {why}."
                              : $"The real pager equals the model at {equal} of {compared} points."));
        html.Append(InlineSvg.Of([ThrashingCliffChart.Build(cliff)], $"{Id}-chart", Title(cliff)));
        html.Element("p", "The same chart on its own:", "class=\"note\"");
        html.Element("pre", "mmaptk demo thrashing --chart cliff.svg", "class=\"commands\"");
        html.Append("</section>\n");
    }
}
