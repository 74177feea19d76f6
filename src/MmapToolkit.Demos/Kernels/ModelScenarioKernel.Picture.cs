using MmapToolkit.Demos.Running;
using MmapToolkit.Model.Kernel;
using ModelProcess = MmapToolkit.Model.Kernel.Process;

namespace MmapToolkit.Demos.Kernels;

/// <summary>The model's page tables and frames after each step, read through the model's public accessors.</summary>
internal sealed partial class ModelScenarioKernel
{
    protected override ModelPicture TakePicture()
    {
        var names = Processes.Live.ToDictionary(kv => kv.Value, kv => kv.Key);
        var regions = Regions.Live
            .Where(kv => Processes.Live.Any(p => p.Key == kv.Key.Process))
            .Select(kv => (Name: kv.Key, Process: Processes[kv.Key.Process], kv.Value))
            .OrderBy(r => r.Process.Pid).ThenBy(r => r.Value.Address)
            .ToList();
        var tables = new List<RegionPageTable>();
        var frames = new SortedDictionary<int, FrameRow>();
        foreach (var (name, p, region) in regions)
        {
            var entries = new List<PteRow>();
            for (int page = 0; page < Math.Min(region.Pages, ModelPicture.MaxPagesShown); page++)
            {
                var d = p.Describe(region.Address + (long)page * _pageSize);
                entries.Add(new PteRow(page, d.Vpn, d.Region is null ? "unmapped" : StateName(d.State), d.Frame, d.IsZeroPage, d.Writable,
                                       d.Dirty, d.Referenced, d.CopyOnWrite, d.ShareCount, d.SwapSlot, d.FilePage));
                if (d.Valid && d.Frame >= 0 && !frames.ContainsKey(d.Frame)) frames[d.Frame] = Frame(d.Frame, names, regions);
            }
            var first = p.Describe(region.Address).Region;
            tables.Add(new RegionPageTable(name.Process, p.Pid, name.Region, region.Address, region.Pages, region.File,
                                           first is null ? "---" : ProtectionText(first.Protection), first?.Shared ?? false, entries));
        }
        return new ModelPicture(tables, frames.Values.ToList(), _machine.Memory.UsedFrames, _machine.Memory.Frames);
    }

    private FrameRow Frame(int number, Dictionary<ModelProcess, string> names,
                           List<((string Process, string Region) Name, ModelProcess Process, ModelRegion Value)> regions)
    {
        var f = _machine.Memory[number];
        var owners = f.Mappers.Select(m =>
        {
            string process = names.GetValueOrDefault(m.Process) ?? $"pid {m.Process.Pid}";
            long address = m.Vpn * _pageSize;
            foreach (var (name, p, region) in regions)
                if (p == m.Process && address >= region.Address && address < region.Address + (long)region.Pages * _pageSize)
                    return $"{process} {name.Region}[{(address - region.Address) / _pageSize}]";
            return $"{process} vpn 0x{m.Vpn:x}";
        }).ToList();
        return new FrameRow(number, f.Use == FrameUse.PageCache ? "page-cache" : f.Use.ToString().ToLowerInvariant(), f.ShareCount, f.Dirty,
                            owners, f.File?.Path, f.FileIndex);
    }

    private static string StateName(PageState state) => state switch
    {
        PageState.Present => "present",
        PageState.DemandZero => "demand-zero",
        PageState.FileBacked => "file",
        PageState.Swapped => "swapped",
        _ => "lazy-copy",
    };

    private static string ProtectionText(Protection p) =>
        $"{((p & Protection.Read) != 0 ? 'r' : '-')}{((p & Protection.Write) != 0 ? 'w' : '-')}{((p & Protection.Exec) != 0 ? 'x' : '-')}";
}
