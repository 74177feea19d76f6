namespace MmapToolkit.Agents;

/// <summary>An agent did not answer a command within <see cref="ChildAgent.Timeout"/>. It has been killed (SIGKILL) and reaped.</summary>
public sealed class AgentTimeoutException(string message) : TimeoutException(message);

/// <summary>An agent ended while a command was outstanding (it died, or was killed from outside).</summary>
public sealed class AgentEndedException(string message) : InvalidOperationException(message);
