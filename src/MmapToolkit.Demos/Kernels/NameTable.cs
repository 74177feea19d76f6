namespace MmapToolkit.Demos.Kernels;

/// <summary>
/// What one side has made of a scenario's names: its processes, or its regions by (process, region). A name whose
/// creation failed on this side (a map or fork that ended with an errno) is remembered with the reason, and a later
/// step that uses it ends with that reason as its error instead of running (<see cref="NameFailedHereException"/>).
/// </summary>
internal sealed class NameTable<TKey, TValue> where TKey : notnull
{
    private readonly Dictionary<TKey, TValue> _live = [];
    private readonly Dictionary<TKey, string> _failed = [];

    /// <summary>The live value; throws <see cref="NameFailedHereException"/> for a name whose creation failed here.</summary>
    public TValue this[TKey key] =>
        _live.TryGetValue(key, out var value) ? value
        : _failed.TryGetValue(key, out string? why) ? throw new NameFailedHereException(why)
        // The parser lets no step use a name before a step creates it: this is a bug in a kernel side.
        : throw new KeyNotFoundException($"{key} is unknown on this side");

    public IEnumerable<TValue> Values => _live.Values;

    /// <summary>The live names with their values.</summary>
    public IEnumerable<KeyValuePair<TKey, TValue>> Live => _live;

    public void Add(TKey key, TValue value)
    {
        _live[key] = value;
        _failed.Remove(key);
    }

    public void Fail(TKey key, string why)
    {
        _live.Remove(key);
        _failed[key] = why;
    }

    public bool Remove(TKey key, out TValue value)
    {
        _failed.Remove(key);
        return _live.Remove(key, out value!);
    }

    /// <summary>Forgets every name, live or failed, that <paramref name="match"/> picks.</summary>
    public void RemoveWhere(Func<TKey, bool> match)
    {
        foreach (var key in _live.Keys.Where(match).ToList()) _live.Remove(key);
        foreach (var key in _failed.Keys.Where(match).ToList()) _failed.Remove(key);
    }

    /// <summary>Adds a copy, under a new key, of every name <paramref name="match"/> picks; failed names stay failed.</summary>
    public void CopyWhere(Func<TKey, bool> match, Func<TKey, TKey> newKey, Func<TValue, TValue> copy)
    {
        foreach (var (key, value) in _live.Where(kv => match(kv.Key)).ToList()) _live[newKey(key)] = copy(value);
        foreach (var (key, why) in _failed.Where(kv => match(kv.Key)).ToList()) _failed[newKey(key)] = why;
    }
}

/// <summary>A step used a process or region whose creation failed on this side; the message says which and why.</summary>
internal sealed class NameFailedHereException(string why) : Exception(why);
