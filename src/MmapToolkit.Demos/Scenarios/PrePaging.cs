using MmapToolkit.Mapping;

namespace MmapToolkit.Demos.Scenarios;

/// <summary>Steps whose pages the kernel brings in by itself, ahead of any access: MAP_POPULATE, MADV_WILLNEED and
/// MADV_POPULATE_READ/WRITE. The output marks them, since their work is not faults the process took.</summary>
public static class PrePaging
{
    /// <summary>The pre-paging a step asks for ("MAP_POPULATE"), or null for a step without.</summary>
    public static string? Of(Step step) => step switch
    {
        MapStep { Populate: true } => "MAP_POPULATE",
        AdviseStep { Advice: Advice.WillNeed } => "MADV_WILLNEED",
        AdviseStep { Advice: Advice.PopulateRead } => "MADV_POPULATE_READ",
        AdviseStep { Advice: Advice.PopulateWrite } => "MADV_POPULATE_WRITE",
        _ => null,
    };
}
