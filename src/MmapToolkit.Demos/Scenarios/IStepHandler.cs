using MmapToolkit.Demos.Running;

namespace MmapToolkit.Demos.Scenarios;

/// <summary>
/// One method per step record: what a side of the demo does for each step, writing the counters it saw into the
/// observation. <see cref="Step.Accept"/> calls the method for its own type, so a new step record does not compile
/// until it has a method here, and a new method here does not compile until both kernels implement it
/// (docs/scenarios.md, "Adding a step").
/// </summary>
public interface IStepHandler
{
    void StartProcess(ProcessStep step, StepObservation o);
    void CreateFile(FileStep step, StepObservation o);
    void Map(MapStep step, StepObservation o);
    void Touch(TouchStep step, StepObservation o);
    void Protect(ProtectStep step, StepObservation o);
    void Advise(AdviseStep step, StepObservation o);
    void Sync(SyncStep step, StepObservation o);
    void Unmap(UnmapStep step, StepObservation o);
    void Observe(ObserveStep step, StepObservation o);
    void Fork(ForkStep step, StepObservation o);
    void Exec(ExecStep step, StepObservation o);
    void OpenWrite(OpenWriteStep step, StepObservation o);
    void Close(CloseStep step, StepObservation o);
    void Exit(ExitStep step, StepObservation o);
    void Replay(ReplayStep step, StepObservation o);
    void Malloc(MallocStep step, StepObservation o);
    void Free(FreeStep step, StepObservation o);
    void Remap(RemapStep step, StepObservation o);
    void ToUpper(ToUpperStep step, StepObservation o);
}
