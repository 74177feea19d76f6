using System.CommandLine;
using MmapToolkit.Interop;

namespace MmapToolkit.Cli.Commands;

/// <summary><c>mmaptk info</c>: the machine facts every other figure depends on (page size, native library, root).</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("info", "Page size, kernel, privileges and the native library this toolkit runs with.") { json };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var info = new
            {
                PageSize = Environment.SystemPageSize,
                Kernel = Environment.OSVersion.VersionString,
                Root = OperatingSystem.IsLinux() && Environment.UserName == "root",
                NativeAbi = OperatingSystem.IsLinux() ? NativeLib.AbiVersion() : (int?)null,
            };
            if (parse.GetValue(json)) CommandRunner.WriteJson(info);
            else Console.WriteLine($"page size {info.PageSize} B, {info.Kernel}, root: {info.Root}, native ABI: {info.NativeAbi?.ToString() ?? "n/a"}");
            return 0;
        }));
        return command;
    }
}
