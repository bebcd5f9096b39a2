namespace ModularTorrent.Selection;

/// <summary>
/// Keeps the best <c>indexes.Length</c> (key, index) pairs seen so far in a bounded max-heap
/// whose root is the worst kept pair, so a piece that cannot make the cut costs one compare.
/// </summary>
/// <remarks>O(n log k) for n candidates and k slots, in caller-provided memory.</remarks>
internal ref struct TopPieces
{
    private readonly Span<int> _indexes;
    private readonly Span<ulong> _keys;
    private int _count;

    public TopPieces(Span<int> indexes, Span<ulong> keys)
    {
        _indexes = indexes;
        _keys = keys[..indexes.Length];
        _count = 0;
    }

    /// <summary>
    /// A key above this cannot make the cut: the worst kept key once full, otherwise the maximum.
    /// Lets the caller reject most pieces before finishing their key.
    /// </summary>
    public readonly ulong Threshold => _count < _indexes.Length ? ulong.MaxValue : _keys[0];

    /// <summary>Offers one piece; kept when there is room or it beats the worst kept piece.</summary>
    public void Offer(ulong key, int index)
    {
        if (_count < _indexes.Length)
        {
            var i = _count++;
            _keys[i] = key;
            _indexes[i] = index;
            SiftUp(i);
            return;
        }

        if (!Less(key, index, _keys[0], _indexes[0]))
        {
            return;
        }

        _keys[0] = key;
        _indexes[0] = index;
        SiftDown(0, _count);
    }

    /// <summary>Sorts the kept pieces best first in place (heap sort) and returns how many there are.</summary>
    public int SortBestFirst()
    {
        for (var end = _count - 1; end > 0; end--)
        {
            Swap(0, end);
            SiftDown(0, end);
        }

        return _count;
    }

    // Ties on the key fall back to the index so the order is total and the output deterministic.
    private static bool Less(ulong keyA, int indexA, ulong keyB, int indexB) =>
        keyA < keyB || (keyA == keyB && indexA < indexB);

    private readonly bool Worse(int a, int b) => Less(_keys[b], _indexes[b], _keys[a], _indexes[a]);

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (!Worse(i, parent))
            {
                return;
            }

            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i, int size)
    {
        while (true)
        {
            var left = (i << 1) + 1;
            if (left >= size)
            {
                return;
            }

            var worst = left;
            var right = left + 1;
            if (right < size && Worse(right, left))
            {
                worst = right;
            }

            if (!Worse(worst, i))
            {
                return;
            }

            Swap(i, worst);
            i = worst;
        }
    }

    private readonly void Swap(int a, int b)
    {
        (_keys[a], _keys[b]) = (_keys[b], _keys[a]);
        (_indexes[a], _indexes[b]) = (_indexes[b], _indexes[a]);
    }
}
