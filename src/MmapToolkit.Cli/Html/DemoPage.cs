using System.Text;
using MmapToolkit.Demos.Running;
using static MmapToolkit.Cli.Html.HtmlText;

namespace MmapToolkit.Cli.Html;

/// <summary>
/// <c>demo NAME --html</c>: one self-contained page (style and script inline, nothing fetched) with the demo's story,
/// its verdict, a step list with a slider, and per step the model's page tables and frames beside both sides'
/// observations (<see cref="PicturePage"/>, <see cref="ObservationsPage"/>).
/// </summary>
internal static class DemoPage
{
    public static string Build(DemoResult result)
    {
        var s = result.Scenario;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Element("title", $"mmaptk demo {s.Name}");
        html.Append("<style>").Append(DemoPageAssets.Style).Append("</style></head>\n");
        html.Append("<body ").Append(Attribute("data-demo", s.Name)).Append(' ').Append(Attribute("data-steps", Number(result.Events.Count))).Append(">\n");
        Header(html, result);
        Navigation(html, result);
        html.Append("<div class=\"layout\">");
        StepList(html, result);
        html.Append("<main>");
        ModelPicture? previous = null;
        var byLine = result.Comparisons.GroupBy(c => c.Line).ToDictionary(g => g.Key, g => (IReadOnlyList<CounterComparison>)g.ToList());
        for (int i = 0; i < result.Events.Count; i++)
        {
            var step = result.Events[i];
            html.Append("<section class=\"step\" ").Append(Attribute("id", $"step-{i}")).Append(' ').Append(Attribute("data-step", Number(i)))
                .Append(' ').Append(Attribute("data-line", Number(step.Line))).Append('>');
            html.Append("<h2>").Append(Escape($"step {i + 1} of {result.Events.Count} · line {step.Line}: ")).Append("<code>")
                .Append(Escape(step.Step)).Append("</code>").Append("</h2>");
            if (step.PrePaging is not null) html.Element("p", $"pre-paging: {step.PrePaging}", "class=\"note\"");
            html.Append("<div class=\"columns\"><div class=\"model\">");
            html.Element("h3", "model: page tables after this step");
            if (step.ModelPicture is { } picture)
            {
                PicturePage.Write(html, picture, previous);
                previous = picture;
            }
            else html.Element("p", "The model drew no page tables for this step.", "class=\"empty\"");
            html.Append("</div><div class=\"observations\">");
            html.Element("h3", "observations: model and kernel");
            ObservationsPage.Write(html, step, byLine.GetValueOrDefault(step.Line) ?? []);
            html.Append("</div></div></section>\n");
        }
        html.Append("</main></div>\n<script>").Append(DemoPageAssets.Script).Append("</script>\n</body></html>\n");
        return html.ToString();
    }

    private static void Header(StringBuilder html, DemoResult result)
    {
        var s = result.Scenario;
        html.Append("<header>");
        html.Element("h1", $"{s.Name} · topic {s.Topic}: {s.TopicTitle}");
        html.Append("<div class=\"story\">");
        foreach (string line in s.Story) html.Element("p", line);
        html.Append("</div>");
        if (result.Conditions is { } conditions) html.Element("p", conditions.Describe(), "class=\"conditions\"");
        if (result.KernelSkipped is not null) html.Element("p", $"real kernel not run: {result.KernelSkipped}", "class=\"kernel-skipped\"");
        html.Element("p", result.Agree
            ? $"verdict: agree ({result.Count(Verdict.Agree)} agree, {result.Count(Verdict.DifferExplained)} differ for a known reason, {result.Count(Verdict.NotCompared)} not compared)"
            : $"verdict: {result.Count(Verdict.DifferUnexplained)} unexplained difference(s)",
            result.Agree ? "class=\"verdict agree\"" : "class=\"verdict differ\"");
        html.Append("<p class=\"legend\"><span class=\"changed\">changed since the step before</span><span class=\"new\">new</span>")
            .Append(Escape("cow = copy-on-write; share = the frame's share count (page-table entries mapping it)")).Append("</p>");
        html.Append("</header>\n");
    }

    private static void Navigation(StringBuilder html, DemoResult result)
    {
        int last = Math.Max(0, result.Events.Count - 1);
        html.Append("<nav id=\"nav\"><button id=\"prev\" type=\"button\" title=\"previous step (←)\">←</button>")
            .Append("<input id=\"slider\" type=\"range\" min=\"0\" ").Append(Attribute("max", Number(last))).Append(" value=\"0\" aria-label=\"step\">")
            .Append("<button id=\"next\" type=\"button\" title=\"next step (→)\">→</button>");
        html.Element("span", $"{result.Events.Count} steps", "id=\"position\"");
        html.Element("span", "keys: ← → (Home, End)", "class=\"keys\"");
        html.Append("</nav>\n");
    }

    private static void StepList(StringBuilder html, DemoResult result)
    {
        var worst = result.Comparisons.GroupBy(c => c.Line).ToDictionary(g => g.Key,
            g => g.Any(c => c.Verdict == Verdict.DifferUnexplained) ? " differ-unexplained"
               : g.Any(c => c.Verdict == Verdict.DifferExplained) ? " differ-explained" : "");
        html.Append("<ol id=\"step-list\" start=\"1\">");
        for (int i = 0; i < result.Events.Count; i++)
        {
            var step = result.Events[i];
            html.Append("<li class=\"step-item").Append(worst.GetValueOrDefault(step.Line) ?? "").Append("\" ")
                .Append(Attribute("data-step", Number(i))).Append('>');
            html.Element("a", step.Step, Attribute("href", $"#step-{i}"));
            html.Append("</li>");
        }
        html.Append("</ol>\n");
    }
}
