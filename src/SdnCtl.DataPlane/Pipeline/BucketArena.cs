using System.Numerics;
using System.Runtime.InteropServices;

namespace SdnCtl.DataPlane.Pipeline;

/// <summary>
/// The large bucket arrays of one table's subtables, carved out of shared huge pages (see
/// <see cref="NativeBlock"/>): a subtable's index doubles as it grows (64 KB, 128 KB, 256 KB, ...), and
/// each new array is fresh memory that would cost a page fault per 4 KiB; carved from 2 MiB blocks,
/// a table's arrays cost a fault or two. Arrays are powers of two of at least <see cref="MinBytes"/>;
/// smaller ones are the subtable's own (pinned) arrays. A returned array is kept for the next request
/// of its size (another subtable growing through it); arrays of a huge page or more have a block each,
/// freed on return. Everything goes when the table is dropped (the blocks' finalisers).
/// Written by hand: a size-class free list over a bump pointer is all this needs.
/// </summary>
internal sealed unsafe class BucketArena
{
    /// <summary>Smallest array taken from the arena, in bytes.</summary>
    public const int MinBytes = 64 * 1024;

    private readonly List<NativeBlock> _blocks = [];
    private readonly Stack<nint>?[] _free = new Stack<nint>?[32];
    private nint _next;
    private nint _end;

    /// <summary>A zeroed array of <paramref name="bytes"/> (a power of two, at least <see cref="MinBytes"/>).</summary>
    public nint Rent(int bytes)
    {
        if (bytes < MinBytes || !BitOperations.IsPow2(bytes))
        {
            throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "a power of two of at least 64 KB");
        }

        nint p;
        if (_free[BitOperations.Log2((uint)bytes)] is { Count: > 0 } reuse)
        {
            p = reuse.Pop();
        }
        else if (bytes >= NativeBlock.HugePageSize)
        {
            var block = NativeBlock.Allocate(bytes);
            _blocks.Add(block);
            p = block.Address;
        }
        else
        {
            if (_end - _next < bytes)
            {
                // The tail of the current block (smaller than this request) stays unused.
                var block = NativeBlock.Allocate(NativeBlock.HugePageSize);
                _blocks.Add(block);
                _next = block.Address;
                _end = _next + NativeBlock.HugePageSize;
            }

            p = _next;
            _next += bytes;
        }

        NativeMemory.Clear((void*)p, (nuint)bytes);
        return p;
    }

    /// <summary>Gives back an array from <see cref="Rent"/> that is no longer used.</summary>
    public void Return(nint array, int bytes)
    {
        if (bytes >= NativeBlock.HugePageSize)
        {
            int i = _blocks.FindIndex(b => b.Address == array);
            _blocks[i].Dispose();
            _blocks.RemoveAt(i);
            return;
        }

        (_free[BitOperations.Log2((uint)bytes)] ??= new Stack<nint>()).Push(array);
    }

    /// <summary>The blocks held now, for tests of their lifetime.</summary>
    public IReadOnlyList<NativeBlock> Blocks => _blocks;
}
