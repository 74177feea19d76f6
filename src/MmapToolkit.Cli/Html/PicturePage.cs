using System.Text;
using MmapToolkit.Demos.Running;
using static MmapToolkit.Cli.Html.HtmlText;

namespace MmapToolkit.Cli.Html;

/// <summary>
/// One step's model side: a table of page-table entries per region of each living process, then the frames they map
/// with share counts and owners. A cell that differs from the step before is marked <c>changed</c> (its old text in its
/// title); a region or frame that was not there before is marked <c>new</c>; frames no longer mapped are listed.
/// </summary>
internal static class PicturePage
{
    public static void Write(StringBuilder html, ModelPicture picture, ModelPicture? previous)
    {
        var before = previous?.Regions.SelectMany(t => t.Entries.Select(e => (Key: (t.Process, t.Region, e.Page), Cells: PictureCells.Of(e, t))))
                             .ToDictionary(x => x.Key, x => x.Cells) ?? [];
        if (picture.Regions.Count == 0) html.Element("p", "No process has a named region now.", "class=\"empty\"");
        foreach (var t in picture.Regions)
        {
            bool isNew = previous is not null && !previous.Regions.Any(p => p.Process == t.Process && p.Region == t.Region);
            html.Append("<table class=\"ptes").Append(isNew ? " new" : "").Append("\" ")
                .Append(Attribute("data-process", t.Process)).Append(' ').Append(Attribute("data-region", t.Region)).Append('>');
            string backing = t.File is null ? "anonymous" : $"file {t.File}";
            string cut = t.Entries.Count < t.Pages ? $", first {t.Entries.Count} drawn" : "";
            html.Element("caption", $"{t.Process} (pid {t.Pid}) · {t.Region} at 0x{t.Address:x} · {t.Pages} pages{cut} · {backing}, " +
                                    $"{(t.Shared ? "shared" : "private")}, {t.Protection}{(isNew ? " · new" : "")}");
            Header(html, PictureCells.PteColumns);
            foreach (var e in t.Entries)
            {
                html.Append("<tr class=\"pte ").Append(e.Valid ? "valid" : "invalid").Append("\" ")
                    .Append(Attribute("data-process", t.Process)).Append(' ').Append(Attribute("data-region", t.Region)).Append(' ')
                    .Append(Attribute("data-page", Number(e.Page))).Append(' ').Append(Attribute("data-state", e.State)).Append(' ')
                    .Append(Attribute("data-frame", Number(e.Frame))).Append(' ').Append(Attribute("data-share", Number(e.ShareCount))).Append(' ')
                    .Append(Attribute("data-cow", e.CopyOnWrite ? "true" : "false")).Append('>');
                Cells(html, PictureCells.PteColumns, PictureCells.Of(e, t), previous is null ? null : before.GetValueOrDefault((t.Process, t.Region, e.Page)));
                html.Append("</tr>");
            }
            html.Append("</table>");
        }
        Frames(html, picture, previous);
    }

    private static void Frames(StringBuilder html, ModelPicture picture, ModelPicture? previous)
    {
        var before = previous?.Frames.ToDictionary(f => f.Frame) ?? [];
        html.Element("h4", $"Frames mapped by these pages ({picture.Frames.Count}; the model's machine uses {picture.UsedFrames} of {picture.TotalFrames})");
        if (picture.Frames.Count > 0)
        {
            html.Append("<table class=\"frames\">");
            Header(html, PictureCells.FrameColumns);
            foreach (var f in picture.Frames)
            {
                bool isNew = previous is not null && !before.ContainsKey(f.Frame);
                html.Append("<tr class=\"frame").Append(isNew ? " new" : "").Append("\" ")
                    .Append(Attribute("data-frame", Number(f.Frame))).Append(' ').Append(Attribute("data-share", Number(f.ShareCount))).Append('>');
                Cells(html, PictureCells.FrameColumns, PictureCells.Of(f),
                      previous is null || isNew ? null : PictureCells.Of(before[f.Frame]));
                html.Append("</tr>");
            }
            html.Append("</table>");
        }
        var gone = previous?.Frames.Where(f => !picture.Frames.Any(n => n.Frame == f.Frame)).ToList() ?? [];
        if (gone.Count > 0)
            html.Element("p", "No longer mapped here: " + string.Join("; ", gone.Select(f => $"frame {f.Frame} (was {string.Join(", ", f.Owners)})")),
                         "class=\"gone changed-note\"");
    }

    private static void Header(StringBuilder html, string[] columns)
    {
        html.Append("<thead><tr>");
        foreach (string c in columns) html.Element("th", c);
        html.Append("</tr></thead>");
    }

    /// <summary>The row's cells; with <paramref name="before"/> (the same row one step earlier), each changed cell is marked.</summary>
    private static void Cells(StringBuilder html, string[] columns, string[] cells, string[]? before)
    {
        for (int i = 0; i < cells.Length; i++)
        {
            bool changed = before is not null && before[i] != cells[i];
            string attributes = Attribute("data-col", columns[i]) +
                                (changed ? " class=\"changed\" " + Attribute("title", $"was: {(before![i].Length == 0 ? "(empty)" : before[i])}") : "");
            html.Element("td", cells[i], attributes);
        }
    }
}
