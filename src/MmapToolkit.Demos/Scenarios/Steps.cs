using MmapToolkit.Demos.Running;
using MmapToolkit.Mapping;
using MmapToolkit.Model.Replacement;

namespace MmapToolkit.Demos.Scenarios;

/// <summary>One line of a scenario that does something. <see cref="Text"/> is the line as written, for tables.</summary>
public abstract record Step(int Line, string Text)
{
    /// <summary>The process the step acts in (null for steps that belong to no process, like <c>file</c>).</summary>
    public virtual string? Process => null;

    /// <summary>Calls the handler's method for this step's type: every record must, so every side handles every step.</summary>
    public abstract void Accept(IStepHandler handler, StepObservation o);
}

public enum FreeMode { All, AllButLast }

public sealed record ProcessStep(int Line, string Text, string Name) : Step(Line, Text)
{
    public override string Process => Name;

    public override void Accept(IStepHandler handler, StepObservation o) => handler.StartProcess(this, o);
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

    public override void Accept(IStepHandler handler, StepObservation o) => handler.CreateFile(this, o);
}

/// <summary>mmap of PAGES pages, anonymous or of FILE from page <see cref="FileOffsetPages"/> on.</summary>
public sealed record MapStep(int Line, string Text, string Proc, string Region, int Pages, string? File, bool Shared,
    Protection Protection, bool Populate, bool NoReserve, int FileOffsetPages = 0) : Step(Line, Text)
{
    public override string Process => Proc;

    public override void Accept(IStepHandler handler, StepObservation o) => handler.Map(this, o);
}

public sealed record TouchStep(int Line, string Text, string Proc, string Region, PageSet Pages, bool Write, byte Value)
    : Step(Line, Text)
{
    public override string Process => Proc;

    public override void Accept(IStepHandler handler, StepObservation o) => handler.Touch(this, o);
}

public sealed record ProtectStep(int Line, string Text, string Proc, string Region, PageSet Pages, Protection Protection)
    : Step(Line, Text)
{
    public override string Process => Proc;

    public override void Accept(IStepHandler handler, StepObservation o) => handler.Protect(this, o);
}

public sealed record AdviseStep(int Line, string Text, string Proc, string Region, PageSet Pages, Advice Advice)
    : Step(Line, Text)
{
    public override string Process => Proc;

    public override void Accept(IStepHandler handler, StepObservation o) => handler.Advise(this, o);
}

public sealed record SyncStep(int Line, string Text, string Proc, string Region, bool Synchronous) : Step(Line, Text)
{
    public override string Process => Proc;

    public override void Accept(IStepHandler handler, StepObservation o) => handler.Sync(this, o);
}

public sealed record UnmapStep(int Line, string Text, string Proc, string Region) : Step(Line, Text)
{
    public override string Process => Proc;

    public override void Accept(IStepHandler handler, StepObservation o) => handler.Unmap(this, o);
}

public sealed record ObserveStep(int Line, string Text, string Proc, string Region, PageSet? Pages) : Step(Line, Text)
{
    public override string Process => Proc;

    public override void Accept(IStepHandler handler, StepObservation o) => handler.Observe(this, o);
}

public sealed record ForkStep(int Line, string Text, string Parent, string Child, ForkStrategy Strategy) : Step(Line, Text)
{
    public override string Process => Parent;

    public override void Accept(IStepHandler handler, StepObservation o) => handler.Fork(this, o);
}

/// <summary>execve PROGRAM in PROC; <see cref="Run"/> names the text pages the program executes at start.</summary>
public sealed record ExecStep(int Line, string Text, string Proc, string Program, PageSet? Run) : Step(Line, Text)
{
    public override string Process => Proc;

    public override void Accept(IStepHandler handler, StepObservation o) => handler.Exec(this, o);
}

public sealed record OpenWriteStep(int Line, string Text, string Proc, string File) : Step(Line, Text)
{
    public override string Process => Proc;

    public override void Accept(IStepHandler handler, StepObservation o) => handler.OpenWrite(this, o);
}

public sealed record CloseStep(int Line, string Text, string Proc, string File) : Step(Line, Text)
{
    public override string Process => Proc;

    public override void Accept(IStepHandler handler, StepObservation o) => handler.Close(this, o);
}

public sealed record ExitStep(int Line, string Text, string Proc) : Step(Line, Text)
{
    public override string Process => Proc;

    public override void Accept(IStepHandler handler, StepObservation o) => handler.Exit(this, o);
}

public sealed record ReplayStep(int Line, string Text, string Policy, int Frames, IReadOnlyList<PageReference> Trace)
    : Step(Line, Text)
{
    public override void Accept(IStepHandler handler, StepObservation o) => handler.Replay(this, o);
}

public sealed record MallocStep(int Line, string Text, string Proc, int Count, int Bytes) : Step(Line, Text)
{
    public override string Process => Proc;

    public override void Accept(IStepHandler handler, StepObservation o) => handler.Malloc(this, o);
}

public sealed record FreeStep(int Line, string Text, string Proc, FreeMode Mode) : Step(Line, Text)
{
    public override string Process => Proc;

    public override void Accept(IStepHandler handler, StepObservation o) => handler.Free(this, o);
}

/// <summary>Map page FRAME of FILE (the "physical memory") at page PAGE of REGION, MAP_FIXED|MAP_SHARED.</summary>
public sealed record RemapStep(int Line, string Text, string Proc, string Region, int Page, string File, int Frame) : Step(Line, Text)
{
    public override string Process => Proc;

    public override void Accept(IStepHandler handler, StepObservation o) => handler.Remap(this, o);
}

/// <summary>The course's toupper program: every byte of the region read and written back in upper case.</summary>
public sealed record ToUpperStep(int Line, string Text, string Proc, string Region) : Step(Line, Text)
{
    public override string Process => Proc;

    public override void Accept(IStepHandler handler, StepObservation o) => handler.ToUpper(this, o);
}
