using MmapToolkit.Cli.Commands;

// The width (COLUMNS, the terminal's, or 80 for a pipe) and colour (none to a pipe or with NO_COLOR) are decided per
// invocation in CommandOutput.For.
return MmaptkCommandLine.Run(args);
