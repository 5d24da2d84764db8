namespace SdnCtl.Control.PathComputation;

/// <summary>
/// An indexed binary min-heap of nodes keyed by tentative distance, with decrease-key, so that a
/// Dijkstra run holds each node at most once. Arrays are kept between runs (no allocation per query).
/// </summary>
internal sealed class NodeHeap
{
    private int[] _nodes = [];
    private long[] _keys = [];
    private int[] _position = [];   // node -> index in _nodes + 1; 0 when absent
    private int _count;

    public int Count => _count;

    public void EnsureCapacity(int nodes)
    {
        if (_position.Length < nodes)
        {
            _nodes = new int[nodes];
            _keys = new long[nodes];
            _position = new int[nodes];
            _count = 0;
        }
    }

    public void Clear()
    {
        for (int i = 0; i < _count; i++)
        {
            _position[_nodes[i]] = 0;
        }

        _count = 0;
    }

    /// <summary>Inserts the node, or lowers its key when it is already queued with a higher one.</summary>
    public void Upsert(int node, long key)
    {
        int i = _position[node] - 1;
        if (i < 0)
        {
            i = _count++;
            _nodes[i] = node;
            _keys[i] = key;
            _position[node] = i + 1;
        }
        else if (key < _keys[i])
        {
            _keys[i] = key;
        }
        else
        {
            return;
        }

        SiftUp(i);
    }

    public int Pop(out long key)
    {
        int top = _nodes[0];
        key = _keys[0];
        _position[top] = 0;
        int last = --_count;
        if (last > 0)
        {
            _nodes[0] = _nodes[last];
            _keys[0] = _keys[last];
            _position[_nodes[0]] = 1;
            SiftDown(0);
        }

        return top;
    }

    private void SiftUp(int i)
    {
        int node = _nodes[i];
        long key = _keys[i];
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            // Ties go to the lower node index so that answers do not depend on insertion order.
            if (_keys[parent] < key || (_keys[parent] == key && _nodes[parent] < node))
            {
                break;
            }

            Move(parent, i);
            i = parent;
        }

        Place(i, node, key);
    }

    private void SiftDown(int i)
    {
        int node = _nodes[i];
        long key = _keys[i];
        while (true)
        {
            int child = (2 * i) + 1;
            if (child >= _count)
            {
                break;
            }

            int right = child + 1;
            if (right < _count && Less(right, child))
            {
                child = right;
            }

            if (_keys[child] > key || (_keys[child] == key && _nodes[child] > node))
            {
                break;
            }

            Move(child, i);
            i = child;
        }

        Place(i, node, key);
    }

    private bool Less(int a, int b) => _keys[a] < _keys[b] || (_keys[a] == _keys[b] && _nodes[a] < _nodes[b]);

    private void Move(int from, int to)
    {
        _nodes[to] = _nodes[from];
        _keys[to] = _keys[from];
        _position[_nodes[to]] = to + 1;
    }

    private void Place(int i, int node, long key)
    {
        _nodes[i] = node;
        _keys[i] = key;
        _position[node] = i + 1;
    }
}
