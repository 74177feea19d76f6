namespace MmapToolkit.Model.Tests.Quiz;

/// <summary>
/// The rules of OSTEP's vm-beyondphys-policy/paging-policy.py (FIFO, LRU, OPT), restated from docs/quiz.md and written
/// here independently of the product code: memory is one list; a hit leaves it alone (FIFO, OPT) or moves the page to
/// the end (LRU); a miss with the list full removes one page (the first for FIFO and LRU; for OPT the page whose next
/// reference is farthest, a page never referenced again counting as the string's length, ties to the one later in the
/// list), then appends the new page.
/// </summary>
internal static class OstepPagingPolicy
{
    public sealed record Step(bool Hit, long? Victim);

    public static List<Step> Run(string policy, int cacheSize, IReadOnlyList<long> addresses)
    {
        var memory = new List<long>();
        var steps = new List<Step>();
        for (int i = 0; i < addresses.Count; i++)
        {
            long n = addresses[i];
            int index = memory.IndexOf(n);
            if (index >= 0)
            {
                if (policy == "LRU")
                {
                    memory.RemoveAt(index);
                    memory.Add(n);
                }
                steps.Add(new Step(true, null));
                continue;
            }
            long? victim = null;
            if (memory.Count == cacheSize)
            {
                int at = policy == "OPT" ? Farthest(memory, addresses, i) : 0;
                victim = memory[at];
                memory.RemoveAt(at);
            }
            memory.Add(n);
            steps.Add(new Step(false, victim));
        }
        return steps;
    }

    private static int Farthest(List<long> memory, IReadOnlyList<long> addresses, int now)
    {
        int best = -1, bestWhen = -1;
        for (int j = 0; j < memory.Count; j++)
        {
            int when = addresses.Count;
            for (int f = now + 1; f < addresses.Count; f++)
                if (addresses[f] == memory[j]) { when = f; break; }
            if (when >= bestWhen) { best = j; bestWhen = when; }   // '>=': a tie goes to the later page in the list
        }
        return best;
    }
}
