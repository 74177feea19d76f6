using System.Globalization;
using MmapToolkit.Demos.Running;

namespace MmapToolkit.Cli.Html;

/// <summary>
/// The cells of the model's page-table and frame rows as text, column by column: what the page shows, and what a step
/// is compared with the step before it on (a cell whose text changed is highlighted).
/// </summary>
internal static class PictureCells
{
    public static readonly string[] PteColumns = ["page", "vpn", "valid", "frame", "share", "writable", "dirty", "referenced", "cow", "why invalid"];

    public static readonly string[] FrameColumns = ["frame", "use", "share count", "dirty", "owners", "file page"];

    public static string[] Of(PteRow e, RegionPageTable table) =>
    [
        Text(e.Page),
        $"0x{e.Vpn:x}",
        e.Valid ? "yes" : "no",
        !e.Valid ? "" : e.ZeroPage ? "zero page" : Text(e.Frame),
        e.Valid && e.Frame >= 0 ? Text(e.ShareCount) : "",
        Flag(e.Writable), Flag(e.Dirty), Flag(e.Referenced), Flag(e.CopyOnWrite),
        WhyInvalid(e, table),
    ];

    public static string[] Of(FrameRow f) =>
    [
        Text(f.Frame), f.Use, Text(f.ShareCount), Flag(f.Dirty), string.Join(", ", f.Owners),
        f.File is null ? "" : $"{f.File} page {Text(f.FilePage)}",
    ];

    /// <summary>Why an invalid page is not present: what its next fault will do.</summary>
    public static string WhyInvalid(PteRow e, RegionPageTable table) => e.State switch
    {
        "present" => "",
        "demand-zero" => "demand-zero",
        "file" => $"file {table.File} page {Text(e.FilePage)}",
        "swapped" => $"swap slot {Text(e.SwapSlot)}",
        "lazy-copy" => "lazy copy from the parent",
        "unmapped" => "not mapped",
        _ => e.State,
    };

    private static string Flag(bool on) => on ? "✓" : "";

    private static string Text(long n) => n.ToString(CultureInfo.InvariantCulture);
}
