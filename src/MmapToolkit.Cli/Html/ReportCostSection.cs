using System.Globalization;
using System.Text;
using MmapToolkit.Cli.Charts;
using MmapToolkit.Measurements;
using static MmapToolkit.Cli.Html.HtmlText;

namespace MmapToolkit.Cli.Html;

/// <summary>
/// The report's cost figures: when and under what load this run measured them, with what sizes (and the command that
/// measures the same), a table as <c>cost</c> prints it (each figure also unrounded in <c>data-value</c>), and the
/// charts <c>cost --chart</c> draws, a panel each. Without figures, why none were measured.
/// </summary>
internal static class ReportCostSection
{
    public const string Id = "cost";

    public static void Write(StringBuilder html, ReportCostFigures cost)
    {
        html.Append("<section ").Append(Attribute("id", Id)).Append('>');
        html.Element("h2", "Costs measured by this run");
        if (cost.NotMeasured is { } why)
        {
            html.Element("p", $"Not measured: {why}. Without it, mmaptk report measures them as it writes the page.", "class=\"not-measured\"");
            html.Append("</section>\n");
            return;
        }
        var o = cost.Options;
        html.Element("p", $"These figures come from this run of the report ({cost.MeasuredAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC), " +
                          $"with small sizes so they take seconds: n = {o.Pages} pages, k = {o.Touched}, {o.Repetitions} repetitions after one warm-up, " +
                          $"fork at {string.Join(" and ", o.ForkSizes)} touched heap pages; page size {Environment.SystemPageSize} B. " +
                          "They are not kept from an earlier run: each report measures them again.", "class=\"provenance\"");
        var (before, after) = (cost.LoadBefore!, cost.LoadAfter!);
        html.Element("p", $"Load average {Load(before)} before the measurements, {Load(after)} after, on {after.Cores} cores.", "class=\"load\"");
        if (before.Overloaded || after.Overloaded)
            html.Element("p", "Warning: more work than cores, other processes competed with these figures: every time is inflated, " +
                              "only their shape counts; rerun on an idle machine.", "class=\"warning\"");
        html.Element("p", "The same figures on their own, with larger sizes for steadier ones:", "class=\"note\"");
        html.Element("pre", cost.Command, "class=\"commands\"");
        Table(html, cost.Measurements);
        if (ForkCost.NanosecondsPerHeapPage(cost.Measurements) is { } slope)
            html.Element("p", $"fork: {slope.ToString("+0.0;-0.0", CultureInfo.InvariantCulture)} ns per touched heap page (medians, {o.ForkSizes.Min()} to {o.ForkSizes.Max()} pages).");
        foreach (string s in cost.Skipped) html.Element("p", $"not measured: {s}", "class=\"not-measured\"");
        var panels = CostChart.Build(cost.Measurements);
        for (int i = 0; i < panels.Count; i++) html.Append(InlineSvg.Of([panels[i]], $"cost-chart-{i}", $"cost chart {i + 1} of {panels.Count}"));
        html.Append("</section>\n");
    }

    private static void Table(StringBuilder html, IReadOnlyList<CostMeasurement> ms)
    {
        html.Append("<table class=\"cost\"><thead><tr>");
        foreach (string c in new[] { "measurement", "unit", "median", "min", "max", "± (% of median)", "minor faults", "major faults", "what was timed" })
            html.Element("th", c);
        html.Append("</tr></thead><tbody>");
        foreach (var m in ms)
        {
            var s = m.Statistics;
            html.Append("<tr class=\"cost-figure\" ").Append(Attribute("data-measurement", m.Name)).Append(' ').Append(Attribute("data-group", m.Group)).Append('>');
            html.Element("td", m.Name);
            html.Element("td", CostMeasurement.UnitText(m.Unit));
            foreach (var (name, v) in new[] { ("median", s.Median), ("min", s.Min), ("max", s.Max), ("spread", s.SpreadPercent) })
                html.Element("td", Figure(v), $"class=\"figure\" data-col=\"{name}\" {Attribute("data-value", v.ToString("R", CultureInfo.InvariantCulture))}");
            html.Element("td", Faults(m.MinorFaults), "class=\"figure\" data-col=\"minor\"");
            html.Element("td", Faults(m.MajorFaults), "class=\"figure\" data-col=\"major\"");
            html.Element("td", m.Description);
            html.Append("</tr>");
        }
        html.Append("</tbody></table>\n");
    }

    private static string Load(MachineLoad l) => l.LoadAverage1.ToString("F2", CultureInfo.InvariantCulture);

    private static string Figure(double v) => v >= 100 ? v.ToString("F0", CultureInfo.InvariantCulture) : v.ToString("F1", CultureInfo.InvariantCulture);

    private static string Faults(IReadOnlyList<long>? f) =>
        f is null ? "-" : f.Min() == f.Max() ? Number(f[0]) : $"{Number(f.Min())}..{Number(f.Max())}";
}
