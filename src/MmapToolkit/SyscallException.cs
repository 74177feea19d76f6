using MmapToolkit.Interop;

namespace MmapToolkit;

/// <summary>
/// A system call failed. The message names the call, the arguments that matter and the errno by name:
/// <c>mprotect(0x7f3a2c000000, 4096, READ|WRITE) failed: EINVAL (address not page-aligned)</c>.
/// Subclasses let callers catch the failures they can act on.
/// </summary>
public class SyscallException : Exception
{
    /// <summary>The call as the message shows it, with its arguments: <c>mprotect(0x7f3a2c000000, 4096, READ|WRITE)</c>.</summary>
    public string Call { get; }
    /// <summary>The errno the call failed with.</summary>
    public Errno Errno { get; }

    /// <summary>Builds the message "CALL failed: ERRNO (REASON)".</summary>
    protected SyscallException(string call, Errno errno, string reason)
        : base($"{call} failed: {errno.Name()} ({reason})")
    {
        Call = call;
        Errno = errno;
    }

    /// <summary>The typed exception for <paramref name="errno"/>. <paramref name="reason"/> overrides strerror's text.</summary>
    public static SyscallException For(string call, Errno errno, string? reason = null)
    {
        string why = reason ?? errno.Description();
        return errno switch
        {
            Errno.EACCES or Errno.EPERM or Errno.EROFS => new AccessDeniedException(call, errno, why),
            Errno.ENOMEM => new OutOfAddressSpaceException(call, errno, why),
            Errno.EINVAL => new InvalidSyscallArgumentException(call, errno, why),
            Errno.ENOENT => new SyscallFileNotFoundException(call, errno, why),
            Errno.ETXTBSY => new TextFileBusyException(call, errno, why),
            Errno.EEXIST => new AddressInUseException(call, errno, why),
            _ => new SyscallException(call, errno, why),
        };
    }

    /// <summary>The typed exception for the errno the last P/Invoke on this thread left behind.</summary>
    internal static SyscallException FromLastError(string call, string? reason = null) =>
        For(call, ErrnoExtensions.Last(), reason);
}

/// <summary>EACCES, EPERM or EROFS: the protection or permissions forbid the operation.</summary>
public sealed class AccessDeniedException(string call, Errno errno, string reason) : SyscallException(call, errno, reason);

/// <summary>ENOMEM: no address space, no memory, or too many mappings (<c>vm.max_map_count</c>).</summary>
public sealed class OutOfAddressSpaceException(string call, Errno errno, string reason) : SyscallException(call, errno, reason);

/// <summary>EINVAL: an argument the kernel rejects (alignment, length, flags).</summary>
public sealed class InvalidSyscallArgumentException(string call, Errno errno, string reason) : SyscallException(call, errno, reason);

/// <summary>ENOENT: a path that does not exist.</summary>
public sealed class SyscallFileNotFoundException(string call, Errno errno, string reason) : SyscallException(call, errno, reason);

/// <summary>ETXTBSY: writing a program that is running, or running one that is open for writing.</summary>
public sealed class TextFileBusyException(string call, Errno errno, string reason) : SyscallException(call, errno, reason);

/// <summary>EEXIST: MAP_FIXED_NOREPLACE over an existing mapping.</summary>
public sealed class AddressInUseException(string call, Errno errno, string reason) : SyscallException(call, errno, reason);
