using MmapToolkit.Model.Kernel;
using static MmapToolkit.Model.Tests.Kernel.KernelFixtures;

namespace MmapToolkit.Model.Tests.Kernel;

/// <summary>
/// Machine.CheckInvariants holds through a busy run (fork, swap, shared files, exec, exit; every other test here
/// checks it after each step through <see cref="KernelFixtures.NewMachine"/>), and it fails, naming the invariant,
/// when the bookkeeping is corrupted behind the model's back.
/// </summary>
public class InvariantTests
{
    // 4 frames, 6 written pages, a fork, a shared file mapping: frames shared, swapped, swap-cached and page-cached.
    private static (Machine Machine, Process Parent, Process Child, long Anon) BusyMachine()
    {
        var m = NewMachine(frames: 4, policy: "fifo");
        var (parent, anon) = WithAnonymous(m, 6);
        for (int i = 0; i < 6; i++) WritePage(parent, anon + i * PageSize, Pattern(i));
        var child = parent.Fork();
        Assert.Contains(Enumerable.Range(0, m.Memory.Frames), f => m.Memory.ShareCount(f) == 2);
        ReadPage(child, anon);                          // swapped in, shared copy-on-write through the swap cache
        WritePage(child, anon + 5 * PageSize, Pattern(5, 1));
        m.Files.CreateFile("/data", new byte[3 * PageSize]);
        int fd = parent.Open("/data", OpenFlags.ReadWrite);
        long file = parent.Mmap(0, 3L * PageSize, Protection.ReadWrite, MapFlags.Shared, fd);
        WritePage(parent, file + PageSize, Pattern(7));
        ReadPage(parent, anon + 2 * PageSize);
        return (m, parent, child, anon);
    }

    [Fact]
    public void A_busy_run_keeps_every_invariant_through_exec_and_exit()
    {
        var (m, parent, child, anon) = BusyMachine();
        m.CheckInvariants();
        Assert.True(m.Swap.UsedSlots > 0, "the run should leave pages in swap");
        Assert.NotEmpty(m.SwapCache);

        CreateProgram(m, "/bin/prog");
        child.Exec("/bin/prog");
        child.Touch(Layout.TextBase);
        parent.Munmap(anon, 3L * PageSize);
        child.Exit();
        parent.Exit();
        m.CheckInvariants();
        Assert.Equal(0, m.Swap.UsedSlots);
    }

    [Fact]
    public void A_reverse_map_entry_no_page_table_has_breaks_the_share_count()
    {
        var (m, parent, _, anon) = BusyMachine();
        int frame = parent.FrameOf(anon + 2 * PageSize)!.Value;
        m.Memory[frame].Mappings.Add(new FrameMapping(parent, anon / PageSize + 100));
        var e = Assert.Throws<InvalidOperationException>(m.CheckInvariants);
        Assert.Contains($"share count = page-table entries: frame {frame} has share count 2 but 1 page-table entries map it", e.Message);
    }

    [Fact]
    public void A_page_table_entry_moved_to_another_frame_breaks_the_reverse_map()
    {
        var (m, parent, _, anon) = BusyMachine();
        var pte = parent.Space.Entry(anon / PageSize + 2)!;
        int other = Enumerable.Range(0, m.Memory.Frames).First(f => f != pte.Frame && m.Memory.ShareCount(f) == 1);
        pte.Frame = other;
        var e = Assert.Throws<InvalidOperationException>(m.CheckInvariants);
        Assert.Contains("share count = page-table entries", e.Message);
        Assert.Contains($"frame {other} has share count 1 but 2 page-table entries map it", e.Message);
    }

    [Fact]
    public void A_frame_taken_off_the_free_list_but_not_used_breaks_the_free_list()
    {
        var m = NewMachine(frames: 4);
        var (p, at) = WithAnonymous(m, 2);
        WritePage(p, at, Pattern(0));
        Assert.True(m.Memory.TryTakeFree(out int frame));
        var e = Assert.Throws<InvalidOperationException>(m.CheckInvariants);
        Assert.Contains($"free frames disjoint from used: frame {frame} is off the free list but its use is Free", e.Message);
    }

    [Fact]
    public void An_extra_swap_reference_breaks_the_slot_reference_count()
    {
        var (m, _, _, _) = BusyMachine();
        int slot = Enumerable.Range(0, m.Swap.SlotCount).First(s => !m.Swap.IsFree(s));
        int refs = m.Swap.RefCount(slot);
        m.Swap.AddRef(slot);
        var e = Assert.Throws<InvalidOperationException>(m.CheckInvariants);
        Assert.Contains($"swap slot reference counts: slot {slot} has reference count {refs + 1} but {refs} swapped entries", e.Message);
    }

    [Fact]
    public void The_test_machines_check_after_every_step()
    {
        // NewMachine turns the check on: the next access after a corruption fails, naming the invariant.
        var m = NewMachine(frames: 4);
        var (p, at) = WithAnonymous(m, 2);
        WritePage(p, at, Pattern(0));
        Assert.True(m.Memory.TryTakeFree(out _));
        var e = Assert.Throws<InvalidOperationException>(() => p.Touch(at));
        Assert.Contains("free frames disjoint from used", e.Message);
    }
}
