using MmapToolkit.Interop;

namespace MmapToolkit.Pager;

/// <summary>
/// Ends the process on purpose, for tests run in a child process: an access outside any pager region, with or without a
/// pager region alive (the pager must not change how such a process dies), or a fault the pager cannot resolve (a full
/// swap file: a message naming the page, then abort). Each takes the backend (null: the default choice). Never call it
/// in a process you want to keep.
/// </summary>
public static unsafe class PagerCrashProbe
{
    internal const string Marker = "crash-probe: about to fault";

    /// <summary>Reads an address outside any region (from managed code, or from native code when <paramref name="fromNative"/>), with a pager region alive when <paramref name="withPager"/>: the process must die of SIGSEGV as it would without the pager.</summary>
    public static void OutsideAnyRegion(bool withPager, bool fromNative, PagerBackend? backend = null)
    {
        NativeLib.PagerDisableCoreDumps();
        UserPager? pager = null;
        if (withPager)
        {
            pager = new UserPager(new PagerOptions { Pages = 4, Frames = 2, Policy = PagerPolicy.Fifo, Backend = backend });
            pager.Page(0)[0] = 1;            // the handler is installed and has resolved faults, an eviction included
            pager.Page(3)[0] = 1;
            pager.Page(2)[0] = 1;
            if (NativeLib.PagerHandlerInstalled() != 1) throw new InvalidOperationException("crash-probe: the pager's handler is not installed");
        }
        // An inaccessible page that belongs to no region (PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS).
        nint page = Libc.Mmap(0, (nuint)Environment.SystemPageSize, 0, 0x02 | 0x20, -1, 0);
        if (page == -1) throw SyscallException.FromLastError("mmap");
        Console.Out.WriteLine(Marker);
        Console.Out.Flush();
        int value = fromNative ? NativeLib.PagerNativeRead(page) : *(byte*)page;
        Console.Out.WriteLine($"crash-probe: survived (read {value})");
        GC.KeepAlive(pager);
    }

    /// <summary>Faults no pager may resolve, each of which must end the process (never loop in the handler).</summary>
    public enum Unresolvable
    {
        /// <summary>Jump into a page of a region that is not executable.</summary>
        ExecuteNonExecutable,
        /// <summary>Store into a read-only region.</summary>
        StoreReadOnly,
        /// <summary>SIGSEGV was ignored before the pager came: an access outside any region must still kill.</summary>
        OutsideWhileIgnored,
    }

    /// <summary>Makes the fault <paramref name="kind"/> names; the process must end.</summary>
    public static void Unresolved(Unresolvable kind, PagerBackend? backend = null)
    {
        NativeLib.PagerDisableCoreDumps();
        if (kind == Unresolvable.OutsideWhileIgnored && NativeLib.PagerIgnoreFaultSignals() != 0)
            throw new InvalidOperationException("crash-probe: could not ignore SIGSEGV");
        var pager = new UserPager(new PagerOptions { Pages = 4, Frames = 2, Policy = PagerPolicy.Fifo, Writable = kind != Unresolvable.StoreReadOnly, Backend = backend });
        int loaded = pager.Page(0)[0] + pager.Page(1)[0];   // the handler is installed and resolving faults (loads only)
        nint target = kind == Unresolvable.OutsideWhileIgnored
            ? Libc.Mmap(0, (nuint)Environment.SystemPageSize, 0, 0x02 | 0x20, -1, 0)
            : pager.BaseAddress + 2 * pager.PageSize;
        Console.Out.WriteLine(Marker);
        Console.Out.Flush();
        switch (kind)
        {
            case Unresolvable.ExecuteNonExecutable: NativeLib.PagerNativeCall(target); break;
            case Unresolvable.StoreReadOnly: NativeLib.PagerNativeFill(target, 1, 7); break;
            default: NativeLib.PagerNativeRead(target); break;
        }
        Console.Out.WriteLine($"crash-probe: survived ({loaded})");
        GC.KeepAlive(pager);
    }

    /// <summary>One frame, a swap file of one slot, three pages written: evicting the second dirty page cannot work.</summary>
    public static void SwapFull(PagerBackend? backend = null)
    {
        NativeLib.PagerDisableCoreDumps();
        var pager = new UserPager(new PagerOptions { Pages = 3, Frames = 1, Policy = PagerPolicy.Fifo, SwapSlots = 1, Backend = backend });
        Console.Out.WriteLine(Marker);
        Console.Out.Flush();
        for (int p = 0; p < 3; p++) pager.Page(p)[0] = 1;
        Console.Out.WriteLine("crash-probe: survived");
        GC.KeepAlive(pager);
    }

    /// <summary>
    /// throwers threads each throw and catch nullReferences NullReferenceExceptions while faulters threads write and check
    /// checksummed pages of a live region with fewer frames than pages. Prints how many were caught and pages checked;
    /// exit code 0 only if every exception was caught and every page read back as written. A crash is the bug.
    /// </summary>
    public static int NullReferenceStorm(int throwers, int faulters, int nullReferences, PagerBackend? backend = null)
    {
        NativeLib.PagerDisableCoreDumps();
        const int pagesPerFaulter = 16;
        using var pager = new UserPager(new PagerOptions { Pages = pagesPerFaulter * faulters, Frames = 4, Policy = PagerPolicy.Clock, Backend = backend });
        long caught = 0, checkedPages = 0, bad = 0;
        int throwing = throwers;
        var threads = new List<Thread>();
        for (int t = 0; t < throwers; t++)
            threads.Add(new Thread(() =>
            {
                string? nothing = null;
                for (int i = 0; i < nullReferences; i++)
                {
                    try { _ = nothing!.Length; }
                    catch (NullReferenceException) { Interlocked.Increment(ref caught); }
                }
                Interlocked.Decrement(ref throwing);
            }));
        for (int t = 0; t < faulters; t++)
        {
            int first = t * pagesPerFaulter;
            threads.Add(new Thread(() =>
            {
                var versions = new long[pagesPerFaulter];
                var rng = new Random(first + 1);
                while (Volatile.Read(ref throwing) > 0)
                {
                    int i = rng.Next(pagesPerFaulter);
                    var words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(pager.Page(first + i));
                    if (rng.Next(2) == 0) PagerStress.Fill(words, first + i, ++versions[i]);
                    else if (!PagerStress.Check(words, first + i, versions[i])) Interlocked.Increment(ref bad);
                    Interlocked.Increment(ref checkedPages);
                }
            }));
        }
        // Garbage collections suspend every thread with the runtime's activation signal: make them frequent.
        long collections = 0;
        threads.Add(new Thread(() =>
        {
            while (Volatile.Read(ref throwing) > 0) { GC.Collect(0); collections++; Thread.Sleep(1); }
        }));
        Console.Out.WriteLine(Marker);
        Console.Out.Flush();
        foreach (var th in threads) th.Start();
        foreach (var th in threads) th.Join();
        Console.Out.WriteLine($"crash-probe: survived: {caught} of {(long)throwers * nullReferences} NullReferenceExceptions caught, {checkedPages} page accesses, {bad} bad, {pager.Statistics.PageFaults} pager faults, {collections} collections");
        return caught == (long)throwers * nullReferences && bad == 0 && pager.Statistics.PageFaults > 0 ? 0 : 1;
    }
}
