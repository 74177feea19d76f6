using MmapToolkit.Files;

namespace MmapToolkit.Demos.Scenarios;

/// <summary>
/// The text of a scenario, checked before it is parsed: a regular file of at most <see cref="ScenarioLimits.MaxFileBytes"/>
/// bytes (a device or a pipe could be endless), and plain text (no control characters that could drive the terminal
/// the tables are printed on).
/// </summary>
internal static class ScenarioSource
{
    public static string Read(string path)
    {
        FileStatus? status;
        try
        {
            status = FileStatus.Of(path);
        }
        catch (SyscallException e)
        {
            throw new ScenarioFormatException(path, 0, $"cannot read the scenario file: {e.Message}");
        }
        if (status is null) throw new ScenarioFormatException(path, 0, "no such scenario file");
        if (!status.IsRegular)
            throw new ScenarioFormatException(path, 0, $"not a regular file ({status.TypeName}): a scenario is a text file");
        if (status.Size > ScenarioLimits.MaxFileBytes) throw TooLarge(path, status.Size);
        try
        {
            // The path may name something else by now (a FIFO would block a plain open forever): open without
            // waiting, and check what was opened.
            using var handle = OperatingSystem.IsLinux() ? PosixFile.OpenReadOnlyNonBlocking(path) : File.OpenHandle(path);
            if (OperatingSystem.IsLinux() && FileStatus.Of(handle) is { IsRegular: false } opened)
                throw new ScenarioFormatException(path, 0, $"not a regular file ({opened.TypeName}): a scenario is a text file");
            using var stream = new FileStream(handle, FileAccess.Read);
            // The file may have grown since stat: read one byte more than allowed to notice.
            var bytes = new byte[ScenarioLimits.MaxFileBytes + 1];
            int total = 0, n;
            while (total < bytes.Length && (n = stream.Read(bytes, total, bytes.Length - total)) > 0) total += n;
            if (total > ScenarioLimits.MaxFileBytes) throw TooLarge(path, total);
            return new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetString(bytes, 0, total).TrimStart('\uFEFF');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SyscallException)
        {
            throw new ScenarioFormatException(path, 0, $"cannot read the scenario file: {e.Message}");
        }
    }

    /// <summary>Rejects text no scenario needs: control characters other than tab, CR and LF, and too much of it.</summary>
    public static void CheckText(string text, string path)
    {
        if (text.Length > ScenarioLimits.MaxFileBytes) throw TooLarge(path, text.Length);
        int line = 1;
        foreach (char c in text)
        {
            if (c == '\n') line++;
            else if (char.IsControl(c) && c is not ('\t' or '\r'))
                throw new ScenarioFormatException(path, line, $"control character U+{(int)c:X4}: a scenario is plain text");
        }
    }

    private static ScenarioFormatException TooLarge(string path, long size) =>
        new(path, 0, $"{size} bytes is larger than a scenario may be ({ScenarioLimits.MaxFileBytes} bytes, 1 MiB)");
}
