using MmapToolkit.Demos.Running;
using MmapToolkit.Demos.Scenarios;
using MmapToolkit.Interop;
using MmapToolkit.Model.Kernel;
using static MmapToolkit.Demos.Kernels.CounterNames;

namespace MmapToolkit.Demos.Kernels;

/// <summary>
/// What both sides of a demo share. <see cref="Execute"/> hands the step to this side's method for it
/// (<see cref="IStepHandler"/>, implemented by each side), then:
/// <list type="bullet">
/// <item>a failed system call, of the model (<see cref="ModelSyscallException"/>) or of the real kernel
/// (<see cref="SyscallException"/>), ends the step with its errno under <c>error</c>; counters set before the call stay;</item>
/// <item>a map or fork that failed so is remembered: a later step on that region or process reports why instead of
/// running (<see cref="NameTable{TKey, TValue}"/>);</item>
/// <item>the events this side recorded during the step are added to its observation, and <see cref="AfterStep"/> runs.</item>
/// </list>
/// Any other exception means the demo itself is broken, and ends the run. The process and region tables live here
/// too; each side decides what a process and a region are.
/// </summary>
internal abstract class ScenarioKernel<TProcess, TRegion> : IScenarioKernel, IStepHandler
    where TProcess : class
    where TRegion : class
{
    protected ScenarioKernel(Scenario scenario) => Scenario = scenario;

    public Scenario Scenario { get; }

    public abstract string Side { get; }

    /// <summary>The scenario's living processes on this side, by name.</summary>
    protected NameTable<string, TProcess> Processes { get; } = new();

    /// <summary>Each process's regions by name; a forked child has its own copy of its parent's.</summary>
    protected NameTable<(string Process, string Region), TRegion> Regions { get; } = new();

    public StepObservation Execute(Step step)
    {
        var o = new StepObservation();
        try
        {
            step.Accept(this, o);
        }
        catch (Exception e) when (ErrnoName(e) is { } errno)
        {
            o.Set(Error, errno);
            RememberFailure(step, errno);
        }
        catch (NameFailedHereException e)
        {
            o.Set(Error, CounterValue.NotAvailable(e.Message));
        }
        o.Events.AddRange(DrainEvents());
        AfterStep();
        o.Picture = TakePicture();
        return o;
    }

    /// <summary>The errno of a failed system call on either side, as both name it ("ENOMEM"); null for any other exception.</summary>
    private static string? ErrnoName(Exception e) => e switch
    {
        ModelSyscallException m => m.Errno.ToString(),
        SyscallException s => s.Errno.Name(),
        _ => null,
    };

    /// <summary>A region or child that a failed call did not create: later steps on it report this instead of running.</summary>
    private void RememberFailure(Step step, string errno)
    {
        switch (step)
        {
            case MapStep s: Regions.Fail((s.Proc, s.Region), $"the map of '{s.Region}' on line {s.Line} failed here ({errno})"); break;
            case ForkStep s: Processes.Fail(s.Child, $"the fork of '{s.Child}' on line {s.Line} failed here ({errno})"); break;
        }
    }

    protected TRegion Region(string process, string region) => Regions[(process, region)];

    /// <summary>fork: the child has every region of its parent at the same address (and the parent's failed maps).</summary>
    protected void CopyRegions(string parent, string child, Func<TRegion, TRegion> copy) =>
        Regions.CopyWhere(key => key.Process == parent, key => (child, key.Region), copy);

    /// <summary>execve and exit: the process's address space is gone.</summary>
    protected void ForgetRegions(string process) => Regions.RemoveWhere(key => key.Process == process);

    /// <summary>Events this side recorded during the step, shown with <c>--steps</c> (the model's fault log); none by default.</summary>
    protected virtual IEnumerable<string> DrainEvents() => [];

    /// <summary>This side's page tables and frames after the step, for drawing; none by default (the model draws its own).</summary>
    protected virtual ModelPicture? TakePicture() => null;

    /// <summary>Runs after every step that ended as a step should (with or without an errno).</summary>
    protected virtual void AfterStep()
    {
    }

    public abstract void StartProcess(ProcessStep step, StepObservation o);
    public abstract void CreateFile(FileStep step, StepObservation o);
    public abstract void Map(MapStep step, StepObservation o);
    public abstract void Touch(TouchStep step, StepObservation o);
    public abstract void Protect(ProtectStep step, StepObservation o);
    public abstract void Advise(AdviseStep step, StepObservation o);
    public abstract void Sync(SyncStep step, StepObservation o);
    public abstract void Unmap(UnmapStep step, StepObservation o);
    public abstract void Observe(ObserveStep step, StepObservation o);
    public abstract void Fork(ForkStep step, StepObservation o);
    public abstract void Exec(ExecStep step, StepObservation o);
    public abstract void OpenWrite(OpenWriteStep step, StepObservation o);
    public abstract void Close(CloseStep step, StepObservation o);
    public abstract void Exit(ExitStep step, StepObservation o);
    public abstract void Replay(ReplayStep step, StepObservation o);
    public abstract void Malloc(MallocStep step, StepObservation o);
    public abstract void Free(FreeStep step, StepObservation o);
    public abstract void Remap(RemapStep step, StepObservation o);
    public abstract void ToUpper(ToUpperStep step, StepObservation o);

    /// <summary>Releases everything this side made: mappings, child processes, files.</summary>
    public abstract void Dispose();
}
