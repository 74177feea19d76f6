namespace MmapToolkit.Recording;

/// <summary>
/// The program given to <see cref="FaultRecorder.Launch"/> cannot be run as named: execve refused it for a reason the
/// user can fix (not executable, not a program, missing, busy, arguments too long). The message names the errno.
/// </summary>
public sealed class ProgramNotRunnableException(string message) : Exception(message);
