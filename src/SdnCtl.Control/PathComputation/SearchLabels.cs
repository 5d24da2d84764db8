namespace SdnCtl.Control.PathComputation;

/// <summary>
/// Distances and predecessor edges of one search. A node's label is valid only when its stamp equals
/// the current generation, so starting a search is O(1) instead of clearing V entries.
/// </summary>
internal sealed class SearchLabels
{
    private long[] _dist = [];
    private int[] _prev = [];
    private int[] _stamp = [];
    private int _generation;

    public void EnsureCapacity(int nodes)
    {
        if (_dist.Length < nodes)
        {
            _dist = new long[nodes];
            _prev = new int[nodes];
            _stamp = new int[nodes];
            _generation = 0;
        }
    }

    /// <summary>Forgets every label.</summary>
    public void Reset()
    {
        if (++_generation == int.MaxValue)
        {
            Array.Clear(_stamp);
            _generation = 1;
        }
    }

    public bool Has(int node) => _stamp[node] == _generation;

    /// <summary>The node's distance, or <see cref="long.MaxValue"/> when it was not reached.</summary>
    public long Distance(int node) => _stamp[node] == _generation ? _dist[node] : long.MaxValue;

    /// <summary>The edge the node was reached by (toward the source), or -1.</summary>
    public int Previous(int node) => _stamp[node] == _generation ? _prev[node] : -1;

    public void Set(int node, long distance, int previousEdge)
    {
        _stamp[node] = _generation;
        _dist[node] = distance;
        _prev[node] = previousEdge;
    }
}
