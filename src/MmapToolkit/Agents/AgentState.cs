namespace MmapToolkit.Agents;

/// <summary>Where a <see cref="ChildAgent"/> is in its life.</summary>
public enum AgentState
{
    /// <summary>The agent runs its command loop and accepts commands.</summary>
    Serving,
    /// <summary>The process has exec'd a program: it only offers its pid, <see cref="ChildAgent.Kill"/> and Dispose.</summary>
    RunningProgram,
    /// <summary>The process has ended (exited, was killed, or its parent agent ended).</summary>
    Ended,
}
