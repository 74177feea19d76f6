using System.Text;
using System.Text.RegularExpressions;
using MmapToolkit.Cli.Charts;
using ScottPlot;
using static MmapToolkit.Cli.Html.HtmlText;

namespace MmapToolkit.Cli.Html;

/// <summary>
/// A chart drawn into the page itself: the SVG that <c>--chart FILE.svg</c> writes (<see cref="ChartFile.Render"/>),
/// without its XML declaration, scaled to the page's width, and its ids (SkiaSharp's clip paths, <c>cl_4</c>) given
/// the chart's own prefix: several charts in one document must not share an id, or a later chart clips to an
/// earlier one's rectangle.
/// </summary>
internal static partial class InlineSvg
{
    /// <summary>The <c>&lt;svg&gt;</c> element for <paramref name="plots"/> side by side, its ids prefixed with
    /// <paramref name="id"/>, with <c>role="img"</c> and <paramref name="label"/> as its accessible name.</summary>
    public static string Of(IReadOnlyList<Plot> plots, string id, string label)
    {
        using var stream = new MemoryStream();
        ChartFile.Render(plots, stream, ChartFormat.Svg);
        string svg = Encoding.UTF8.GetString(stream.ToArray());
        svg = svg[svg.IndexOf("<svg", StringComparison.Ordinal)..].TrimEnd();
        svg = IdAttribute().Replace(svg, m => $"id=\"{id}-{m.Groups[1].Value}\"");
        svg = IdReference().Replace(svg, m => $"url(#{id}-{m.Groups[1].Value})");
        int width = ChartFile.Width * plots.Count;
        // The width and height stay (the file's size); the viewBox lets the page's style scale the chart down.
        string attributes = $" {Attribute("id", id)} class=\"chart\" role=\"img\" {Attribute("aria-label", label)} " +
                            $"viewBox=\"0 0 {Number(width)} {Number(ChartFile.Height)}\"";
        return svg.Insert("<svg".Length, attributes);
    }

    [GeneratedRegex("id=\"([^\"]+)\"")]
    private static partial Regex IdAttribute();

    [GeneratedRegex(@"url\(#([^)]+)\)")]
    private static partial Regex IdReference();
}
