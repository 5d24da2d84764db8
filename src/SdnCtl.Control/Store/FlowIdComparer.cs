namespace SdnCtl.Control.Store;

/// <summary>A static flow's identity (datapath, key bytes) compared by the key's content.</summary>
internal sealed class FlowIdComparer : IEqualityComparer<(ulong DatapathId, byte[] Key)>
{
    public static readonly FlowIdComparer Instance = new();

    public bool Equals((ulong DatapathId, byte[] Key) x, (ulong DatapathId, byte[] Key) y) =>
        x.DatapathId == y.DatapathId && x.Key.AsSpan().SequenceEqual(y.Key);

    public int GetHashCode((ulong DatapathId, byte[] Key) obj)
    {
        var hash = default(HashCode);
        hash.Add(obj.DatapathId);
        hash.AddBytes(obj.Key);
        return hash.ToHashCode();
    }
}
