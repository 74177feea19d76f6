using MmapToolkit.Mapping;
using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Demos.Scenarios;

/// <summary>One line of a scenario that does something. <see cref="Text"/> is the line as written, for tables.</summary>
public abstract record Step(int Line, string Text)
{
    /// <summary>The process the step acts in (null for steps that belong to no process, like <c>file</c>).</summary>
    public virtual string? Process => null;
}

public enum ForkStrategy { CopyOnWrite, Eager, LazyBroken }

public enum FreeMode { All, AllButLast }

public sealed record ProcessStep(int Line, string Text, string Name) : Step(Line, Text)
{
    public override string Process => Name;
}

/// <summary>
/// What a <c>file</c> step declares: a data file, a program that can be run, anonymous shared memory (a memfd), or a
/// file that already exists on the system (a library, say), which the model stands in for with a file of its own.
/// </summary>
public enum FileKind { Data, Program, Memory, System }

/// <summary>
/// Creates a file of <see cref="Pages"/> pages. Unless <see cref="Fill"/> is given, every byte of page p is the letter
/// 'a' + p % 26, so a page's first byte says which page of the file it came from.
/// </summary>
public sealed record FileStep(int Line, string Text, string File, int Pages, FileKind Kind, byte? Fill, string? SystemPath = null)
    : Step(Line, Text)
{
    public bool IsProgram => Kind == FileKind.Program;

    /// <summary>Both sides hold the same bytes (the pattern), so sums of bytes read can be compared.</summary>
    public bool BytesComparable => Kind is FileKind.Data or FileKind.Memory;

    public byte ByteAt(int page) => Fill ?? (byte)('a' + page % 26);
}

/// <summary>mmap of PAGES pages, anonymous or of FILE from page <see cref="FileOffsetPages"/> on.</summary>
public sealed record MapStep(int Line, string Text, string Proc, string Region, int Pages, string? File, bool Shared,
    Protection Protection, bool Populate, bool NoReserve, int FileOffsetPages = 0) : Step(Line, Text)
{
    public override string Process => Proc;
}

public sealed record TouchStep(int Line, string Text, string Proc, string Region, PageSet Pages, bool Write, byte Value)
    : Step(Line, Text)
{
    public override string Process => Proc;
}

public sealed record ProtectStep(int Line, string Text, string Proc, string Region, PageSet Pages, Protection Protection)
    : Step(Line, Text)
{
    public override string Process => Proc;
}

public sealed record AdviseStep(int Line, string Text, string Proc, string Region, PageSet Pages, Advice Advice)
    : Step(Line, Text)
{
    public override string Process => Proc;
}

public sealed record SyncStep(int Line, string Text, string Proc, string Region, bool Synchronous) : Step(Line, Text)
{
    public override string Process => Proc;
}

public sealed record UnmapStep(int Line, string Text, string Proc, string Region) : Step(Line, Text)
{
    public override string Process => Proc;
}

public sealed record ObserveStep(int Line, string Text, string Proc, string Region, PageSet? Pages) : Step(Line, Text)
{
    public override string Process => Proc;
}

public sealed record ForkStep(int Line, string Text, string Parent, string Child, ForkStrategy Strategy) : Step(Line, Text)
{
    public override string Process => Parent;
}

/// <summary>execve PROGRAM in PROC; <see cref="Run"/> names the text pages the program executes at start.</summary>
public sealed record ExecStep(int Line, string Text, string Proc, string Program, PageSet? Run) : Step(Line, Text)
{
    public override string Process => Proc;
}

public sealed record OpenWriteStep(int Line, string Text, string Proc, string File) : Step(Line, Text)
{
    public override string Process => Proc;
}

public sealed record CloseStep(int Line, string Text, string Proc, string File) : Step(Line, Text)
{
    public override string Process => Proc;
}

public sealed record ExitStep(int Line, string Text, string Proc) : Step(Line, Text)
{
    public override string Process => Proc;
}

public sealed record ReplayStep(int Line, string Text, string Policy, int Frames, IReadOnlyList<PageReference> Trace)
    : Step(Line, Text);

public sealed record MallocStep(int Line, string Text, string Proc, int Count, int Bytes) : Step(Line, Text)
{
    public override string Process => Proc;
}

public sealed record FreeStep(int Line, string Text, string Proc, FreeMode Mode) : Step(Line, Text)
{
    public override string Process => Proc;
}

/// <summary>Map page FRAME of FILE (the "physical memory") at page PAGE of REGION, MAP_FIXED|MAP_SHARED.</summary>
public sealed record RemapStep(int Line, string Text, string Proc, string Region, int Page, string File, int Frame) : Step(Line, Text)
{
    public override string Process => Proc;
}

/// <summary>The course's toupper program: every byte of the region read and written back in upper case.</summary>
public sealed record ToUpperStep(int Line, string Text, string Proc, string Region) : Step(Line, Text)
{
    public override string Process => Proc;
}
