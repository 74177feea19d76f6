namespace MmapToolkit.Cli.Html;

/// <summary>
/// Where <c>--html FILE</c> writes, checked before any work runs: a name ending in .html or .htm, in a directory that
/// exists, a file that can be written (tried, not judged from permission bits).
/// </summary>
internal sealed record HtmlFile(string Path)
{
    /// <summary>The option's value, checked; null when the option was not given.</summary>
    public static HtmlFile? Parse(string? path, string option = "--html")
    {
        if (path is null) return null;
        if (path.Length == 0) throw new ArgumentException($"{option} needs a file name ending in .html, got an empty string");
        string extension = System.IO.Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".html" or ".htm"))
            throw new ArgumentException($"{option} '{path}': the page is written as .html, not '{(extension.Length == 0 ? "(no extension)" : extension)}'");
        MmapToolkit.Cli.Commands.OutputPath.CheckWritable(path, option);
        return new HtmlFile(path);
    }

    public void Write(string html) => File.WriteAllText(Path, html, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
}
