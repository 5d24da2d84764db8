using System.Buffers;

namespace SdnCtl.DataPlane.Packets;

/// <summary>
/// A frame in a pooled array: the pipeline rewrites headers in place (push/pop insert or remove
/// bytes by moving the rest of the frame) instead of allocating a new array per packet.
/// Not thread-safe; owned by one switch's serial executor.
/// </summary>
public sealed class PacketBuffer : IDisposable
{
    /// <summary>Default capacity: a full Ethernet frame plus room for a few pushed tags.</summary>
    public const int DefaultCapacity = 1600;

    private byte[] _array;
    private int _length;

    /// <summary>Creates an empty buffer renting at least <paramref name="capacity"/> bytes.</summary>
    public PacketBuffer(int capacity = DefaultCapacity)
    {
        _array = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 64));
    }

    /// <summary>Creates a buffer holding a copy of <paramref name="frame"/>.</summary>
    public PacketBuffer(ReadOnlySpan<byte> frame)
        : this(Math.Max(frame.Length + 64, DefaultCapacity))
    {
        SetFrame(frame);
    }

    /// <summary>Frame length in bytes.</summary>
    public int Length => _length;

    /// <summary>The frame.</summary>
    public Span<byte> Span => _array.AsSpan(0, _length);

    /// <summary>Replaces the content with a copy of <paramref name="frame"/>.</summary>
    public void SetFrame(ReadOnlySpan<byte> frame)
    {
        EnsureCapacity(frame.Length);
        frame.CopyTo(_array);
        _length = frame.Length;
    }

    /// <summary>Copies another buffer's frame into this one.</summary>
    public void CopyFrom(PacketBuffer other)
    {
        ArgumentNullException.ThrowIfNull(other);
        SetFrame(other.Span);
    }

    /// <summary>Opens a gap of <paramref name="count"/> bytes at <paramref name="offset"/> and returns it (uninitialised).</summary>
    public Span<byte> Insert(int offset, int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)offset, (uint)_length);
        EnsureCapacity(_length + count);
        Buffer.BlockCopy(_array, offset, _array, offset + count, _length - offset);
        _length += count;
        return _array.AsSpan(offset, count);
    }

    /// <summary>Removes <paramref name="count"/> bytes at <paramref name="offset"/>.</summary>
    public void Remove(int offset, int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)(offset + count), (uint)_length);
        Buffer.BlockCopy(_array, offset + count, _array, offset, _length - offset - count);
        _length -= count;
    }

    /// <summary>Copies the frame to a new array (tests, traces, cold paths).</summary>
    public byte[] ToArray() => Span.ToArray();

    /// <summary>Returns the array to the pool.</summary>
    public void Dispose()
    {
        var a = _array;
        _array = [];
        _length = 0;
        if (a.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(a);
        }
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _array.Length)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _array.Length * 2));
        Buffer.BlockCopy(_array, 0, bigger, 0, _length);
        if (_array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_array);
        }

        _array = bigger;
    }
}
