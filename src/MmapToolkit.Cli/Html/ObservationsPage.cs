using System.Text;
using MmapToolkit.Demos.Running;
using static MmapToolkit.Cli.Html.HtmlText;

namespace MmapToolkit.Cli.Html;

/// <summary>
/// One step's observations, both sides: every counter with the model's and the kernel's value and the verdict (a
/// difference highlighted with its reason), then each side's faults on the step's region and the model's event log.
/// </summary>
internal static class ObservationsPage
{
    public static void Write(StringBuilder html, StepEvents step, IReadOnlyList<CounterComparison> comparisons)
    {
        if (comparisons.Count == 0)
        {
            html.Element("p", "This step reports no counters.", "class=\"empty\"");
        }
        else
        {
            html.Append("<table class=\"counters\"><thead><tr>");
            foreach (string c in new[] { "counter", "model", "kernel", "verdict" }) html.Element("th", c);
            html.Append("</tr></thead>");
            foreach (var c in comparisons)
            {
                string verdict = VerdictClass(c.Verdict);
                html.Append("<tr class=\"counter ").Append(verdict).Append("\" ").Append(Attribute("data-counter", c.Counter)).Append('>');
                html.Element("td", c.Counter);
                Value(html, c.Model);
                Value(html, c.Kernel);
                html.Element("td", VerdictText(c));
                html.Append("</tr>");
                if (c.Verdict is Verdict.DifferExplained or Verdict.DifferUnexplained && c.Reason is not null)
                    html.Append("<tr class=\"reason ").Append(verdict).Append("\"><td colspan=\"4\">")
                        .Append(Escape($"{c.Counter} differs: {c.Reason}")).Append("</td></tr>");
            }
            html.Append("</table>");
        }
        FaultLog(html, "model: faults on", step.ModelFaults);
        FaultLog(html, "kernel: recorded faults on", step.KernelFaults);
        Log(html, "model: event log", step.Model);
        Log(html, "kernel: notes", step.Kernel);
    }

    private static void Value(StringBuilder html, CounterValue v)
    {
        if (v.IsAvailable) html.Element("td", v.Value!);
        else html.Element("td", "n/a", "class=\"na\" " + Attribute("title", v.Unavailable ?? ""));
    }

    private static void FaultLog(StringBuilder html, string title, StepFaultLog? log)
    {
        if (log is null) return;
        html.Append("<div class=\"faults\">");
        html.Element("h5", $"{title} {log.Region}");
        if (!log.IsAvailable) html.Element("p", $"not recorded: {log.Unavailable}", "class=\"na\"");
        else if (log.Faults.Count == 0) html.Element("p", "none");
        else
        {
            html.Append("<ul>");
            foreach (var f in log.Faults) html.Element("li", $"page {f.Page}{(f.PrePaged ? " (pre-paging)" : "")}: {f.What}");
            html.Append("</ul>");
        }
        if (log.Note is not null) html.Element("p", log.Note, "class=\"note\"");
        html.Append("</div>");
    }

    private static void Log(StringBuilder html, string title, IReadOnlyList<string> lines)
    {
        if (lines.Count == 0) return;
        html.Append("<details class=\"log\">");
        html.Element("summary", $"{title} ({lines.Count})");
        html.Append("<ul>");
        foreach (string line in lines) html.Element("li", line);
        html.Append("</ul></details>");
    }

    public static string VerdictClass(Verdict v) => v switch
    {
        Verdict.Agree => "agree",
        Verdict.DifferExplained => "differ-explained",
        Verdict.DifferUnexplained => "differ-unexplained",
        Verdict.NotCompared => "not-compared",
        _ => "info",
    };

    private static string VerdictText(CounterComparison c) => c.Verdict switch
    {
        Verdict.Agree => "agree",
        Verdict.DifferExplained => $"differs: {c.Reason?.Split(':')[0]}",
        Verdict.DifferUnexplained => "DIFFERS",
        Verdict.NotCompared => $"not compared: {c.Reason}",
        _ => "info",
    };
}
