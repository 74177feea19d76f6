using ScottPlot;
using SkiaSharp;

namespace MmapToolkit.Cli.Charts;

/// <summary>The two formats a chart is written in, chosen by the file's extension.</summary>
internal enum ChartFormat { Svg, Png }

/// <summary>
/// Where <c>--chart FILE.svg|.png</c> writes, checked before any work runs: the extension names the format, the
/// directory must exist, and the name must not be a directory. Every chart has a fixed size (<see cref="Width"/> by
/// <see cref="Height"/> pixels, or wider for two panels) and fixed fonts (<see cref="ChartStyle"/>), so the same
/// figures give the same file.
/// </summary>
internal sealed record ChartFile(string Path, ChartFormat Format)
{
    /// <summary>One panel's size in pixels.</summary>
    public const int Width = 900, Height = 540;

    /// <summary>The option's value, checked; null when the option was not given.</summary>
    public static ChartFile? Parse(string? path, string option = "--chart")
    {
        if (path is null) return null;
        if (path.Length == 0) throw new ArgumentException($"{option} needs a file name ending in .svg or .png, got an empty string");
        string extension = System.IO.Path.GetExtension(path).ToLowerInvariant();
        var format = extension switch
        {
            ".svg" => ChartFormat.Svg,
            ".png" => ChartFormat.Png,
            _ => throw new ArgumentException($"{option} '{path}': a chart is written as .svg or .png, not '{(extension.Length == 0 ? "(no extension)" : extension)}'"),
        };
        MmapToolkit.Cli.Commands.OutputPath.CheckWritable(path, option);
        return new ChartFile(path, format);
    }

    /// <summary>Writes one plot at the fixed size.</summary>
    public void Save(Plot plot) => Save([plot]);

    /// <summary>Writes plots side by side, each <see cref="Width"/> by <see cref="Height"/>.</summary>
    public void Save(IReadOnlyList<Plot> plots)
    {
        // Drawn in memory first: a rendering failure leaves no empty or half-written file behind.
        using var drawn = new MemoryStream();
        Render(plots, drawn, Format);
        File.WriteAllBytes(Path, drawn.ToArray());
    }

    /// <summary>Plots side by side, each <see cref="Width"/> by <see cref="Height"/>, in <paramref name="format"/> on
    /// <paramref name="stream"/>: what <see cref="Save(IReadOnlyList{Plot})"/> writes, for pages that hold the chart inline.</summary>
    public static void Render(IReadOnlyList<Plot> plots, Stream stream, ChartFormat format)
    {
        int width = Width * plots.Count;
        var multiplot = new Multiplot();
        multiplot.Reset(plots[0]);
        foreach (var p in plots.Skip(1)) multiplot.AddPlot(p);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        if (format == ChartFormat.Svg)
        {
            using var canvas = SKSvgCanvas.Create(new SKRect(0, 0, width, Height), stream);
            canvas.Clear(SKColors.White);
            multiplot.Render(canvas, new PixelRect(0, width, Height, 0));
        }
        else
        {
            using var surface = SKSurface.Create(new SKImageInfo(width, Height)) ?? throw new InvalidOperationException("SkiaSharp could not make a drawing surface");
            surface.Canvas.Clear(SKColors.White);
            multiplot.Render(surface.Canvas, new PixelRect(0, width, Height, 0));
            using var image = surface.Snapshot();
            using var png = image.Encode(SKEncodedImageFormat.Png, 100);
            png.SaveTo(stream);
        }
    }

    /// <summary>"chart: faults.svg (SVG, 900x540)", for the text output.</summary>
    public string Describe(int panels = 1) => $"chart: {Path} ({Format.ToString().ToUpperInvariant()}, {Width * panels}x{Height})";
}
