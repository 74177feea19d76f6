using MmapToolkit.Interop;

namespace MmapToolkit.Agents;

/// <summary>
/// The calling thread loads one byte at each address, or stores a value there, measured by the same native code
/// a <see cref="ChildAgent"/> uses (native/src/agents/touch.c): minor and major faults from getrusage(RUSAGE_THREAD) and
/// CLOCK_MONOTONIC time around the loop only, so a parent's and a child's touches compare exactly.
/// No fault is caught here: every address must be mapped with the protection the access needs.
/// </summary>
public static class LocalTouch
{
    /// <summary>Loads one byte at each of <paramref name="addresses"/> (or stores <paramref name="value"/> there when
    /// <paramref name="write"/>), in order, and returns the faults and time the loop took.</summary>
    public static TouchResult Touch(nint[] addresses, bool write, byte value = 1)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        int rc = NativeLib.Touch(addresses, write, value, out var result);
        if (rc != 0) throw SyscallException.For($"touch ({addresses.Length} addresses)", (Errno)(-rc));
        if (result.Error != 0) throw SyscallException.For("getrusage/clock_gettime around the touch loop", (Errno)result.Error);
        return TouchResult.FromNative(result, 0);
    }

    /// <summary>
    /// The course's toupper program over [address, address + length): each byte read and, if a lower-case letter,
    /// written back in upper case, by native code measured like <see cref="Touch"/>. The range must be readable and
    /// writable.
    /// </summary>
    public static TouchResult ToUpper(nint address, long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        int rc = NativeLib.ToUpper(address, length, out var result);
        if (rc != 0) throw SyscallException.For($"toupper over {length} bytes", (Errno)(-rc));
        return TouchResult.FromNative(result, 0);
    }
}
