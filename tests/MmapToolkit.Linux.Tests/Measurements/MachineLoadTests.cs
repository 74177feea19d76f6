using MmapToolkit.Measurements;

namespace MmapToolkit.Linux.Tests.Measurements;

public class MachineLoadTests
{
    [Fact]
    public void MoreWorkThanCoresIsAWarning()
    {
        Assert.Contains("warning", new MachineLoad(2.5, 2).Describe());
        Assert.DoesNotContain("warning", new MachineLoad(1.5, 2).Describe());
        Assert.Contains("1.50 on 2 cores", new MachineLoad(1.5, 2).Describe());
    }

    [Fact]
    public void NowReadsTheKernelsLoadAverage()
    {
        var load = MachineLoad.Now();
        double first = double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(load.LoadAverage1, Math.Max(0, first - 1), first + 1);   // the kernel updates it every 5 s
        Assert.Equal(Environment.ProcessorCount, load.Cores);
    }
}
