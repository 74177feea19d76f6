namespace MmapToolkit.Model.Kernel;

/// <summary>
/// The swap area: numbered slots, each holding one page and a reference count (page-table entries that point at it,
/// plus one while a frame in the swap cache still holds the same contents). A slot is freed when its count drops to 0.
/// </summary>
public sealed class SwapArea
{
    private readonly List<byte[]?> _slots = new();
    private readonly List<int> _refs = new();
    private readonly SortedSet<int> _free = new();
    private readonly int _capacity;

    internal SwapArea(int capacity) => _capacity = capacity;

    public int UsedSlots { get; private set; }
    public int Capacity => _capacity;

    public int RefCount(int slot) => _refs[slot];

    /// <summary>A copy of a slot's contents.</summary>
    public byte[] Contents(int slot) => (byte[])(_slots[slot] ?? throw new ArgumentException($"swap slot {slot} is free")).Clone();

    internal byte[] DataOf(int slot) => _slots[slot]!;

    /// <summary>Slots ever used (free or not): 0..SlotCount-1.</summary>
    internal int SlotCount => _slots.Count;

    internal bool IsFree(int slot) => _free.Contains(slot);

    internal int Store(byte[] page)
    {
        int slot;
        if (_free.Count > 0)
        {
            slot = _free.Min;
            _free.Remove(slot);
        }
        else
        {
            if (_slots.Count >= _capacity)
                throw new ModelSyscallException("swap-out", ModelErrno.ENOMEM, $"the swap area is full ({_capacity} slots) and no frame is free");
            slot = _slots.Count;
            _slots.Add(null);
            _refs.Add(0);
        }
        _slots[slot] = (byte[])page.Clone();
        _refs[slot] = 0;
        UsedSlots++;
        return slot;
    }

    internal void AddRef(int slot) => _refs[slot]++;

    internal void Release(int slot)
    {
        if (--_refs[slot] > 0) return;
        _slots[slot] = null;
        _free.Add(slot);
        UsedSlots--;
    }
}
