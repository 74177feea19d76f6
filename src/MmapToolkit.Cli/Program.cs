using MmapToolkit.Cli.Commands;
using Spectre.Console;

// Tables wrap at 80 columns when output is not a terminal, unless COLUMNS says otherwise.
if (int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out int columns) && columns >= 40)
    AnsiConsole.Profile.Width = columns;

return MmaptkCommandLine.Run(args);
