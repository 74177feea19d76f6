using System.Globalization;
using System.Text.RegularExpressions;

namespace MmapToolkit.Recording;

/// <summary>
/// The tracepoints exceptions:page_fault_user and exceptions:page_fault_kernel (a fault the kernel takes on the
/// program's memory inside a system call), found in tracefs: their ids (perf's config for PERF_TYPE_TRACEPOINT) and
/// where their raw record holds the faulting address and the CPU's error code (the two share one format). Found by
/// trying; when they are not there, the reason from <see cref="Find"/> says why (tracefs not mounted, not readable).
/// </summary>
internal sealed partial class PageFaultTracepoint
{
    internal static readonly string[] TracefsRoots = ["/sys/kernel/tracing", "/sys/kernel/debug/tracing"];
    private const string EventDirectory = "events/exceptions/page_fault_user";
    private const string KernelEventDirectory = "events/exceptions/page_fault_kernel";

    private PageFaultTracepoint(ulong id, ulong? kernelId, int addressOffset, int errorCodeOffset)
    {
        Id = id;
        KernelId = kernelId;
        AddressOffset = addressOffset;
        ErrorCodeOffset = errorCodeOffset;
    }

    public ulong Id { get; }
    /// <summary>exceptions:page_fault_kernel's id, when this kernel has it.</summary>
    public ulong? KernelId { get; }
    public int AddressOffset { get; }
    public int ErrorCodeOffset { get; }

    // x86 page-fault error code bits (arch/x86/include/asm/trap_pf.h).
    internal const ulong ProtectionBit = 1, WriteBit = 2, UserBit = 4, FetchBit = 16;

    /// <summary>The tracepoint, or null with the reason it cannot be used.</summary>
    public static PageFaultTracepoint? Find(out string? reason)
    {
        bool anyRoot = false;
        foreach (var root in TracefsRoots)
        {
            string dir = Path.Combine(root, EventDirectory);
            try
            {
                if (!Directory.Exists(root)) continue;
                if (!File.Exists(Path.Combine(root, "available_events")) && !Directory.Exists(Path.Combine(root, "events"))) continue;
                anyRoot = true;
                if (!Directory.Exists(dir)) continue;
                ulong id = ulong.Parse(File.ReadAllText(Path.Combine(dir, "id")).Trim(), CultureInfo.InvariantCulture);
                string format = File.ReadAllText(Path.Combine(dir, "format"));
                int? address = FieldOffset(format, "address"), error = FieldOffset(format, "error_code");
                if (address is null || error is null)
                {
                    reason = $"{dir}/format has no address or error_code field";
                    return null;
                }
                string kernelIdFile = Path.Combine(root, KernelEventDirectory, "id");
                ulong? kernelId = File.Exists(kernelIdFile) ? ulong.Parse(File.ReadAllText(kernelIdFile).Trim(), CultureInfo.InvariantCulture) : null;
                reason = null;
                return new PageFaultTracepoint(id, kernelId, address.Value, error.Value);
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                reason = $"{dir} is not readable ({e.GetType().Name}): the tracepoint needs root";
                return null;
            }
        }
        reason = anyRoot
            ? "this kernel has no tracepoint exceptions:page_fault_user"
            : "tracefs is not mounted (as root: mount -t tracefs nodev /sys/kernel/tracing)";
        return null;
    }

    private static int? FieldOffset(string format, string field)
    {
        var m = FieldRegex().Matches(format).FirstOrDefault(m => m.Groups["name"].Value == field);
        return m is null ? null : int.Parse(m.Groups["offset"].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"field:[^;]*?\b(?<name>\w+);\s*offset:(?<offset>\d+);")]
    private static partial Regex FieldRegex();
}
