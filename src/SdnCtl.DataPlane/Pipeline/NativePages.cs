using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace SdnCtl.DataPlane.Pipeline;

/// <summary>
/// Fixed-size elements (a flow table's entry records, a subtable's key slots) in pages of native
/// memory (<see cref="NativeBlock"/>), addressed by index with one shift: whole pages hold
/// 2^<c>pageBits</c> elements and never move. Page 0 starts small and doubles, by copy, up to a
/// limit and no further; the index after that limit is the first of page 1 (the numbers between are
/// never handed out, see <see cref="Next"/>), so a small table holds no 2 MiB page. Not zeroed: the
/// owner writes an element before reading it. Held as a mutable struct field (one indirection less
/// on the lookup path than an object), and used from one thread, like its table.
/// </summary>
internal struct NativePages
{
    private readonly int _elementBytes;
    private readonly int _pageBits;
    private readonly int _pageMask;
    private readonly int _firstSize;
    private readonly int _firstMax;
    private nint[] _addresses;
    private NativeBlock[] _blocks;
    private int _firstCount;

    /// <param name="elementBytes">Bytes per element.</param>
    /// <param name="pageBits">Elements per whole page, as a power of two.</param>
    /// <param name="firstSize">Elements page 0 starts with.</param>
    /// <param name="firstMax">The most elements page 0 grows to (at most a whole page).</param>
    public NativePages(int elementBytes, int pageBits, int firstSize, int firstMax)
    {
        Debug.Assert(firstSize <= firstMax && firstMax <= 1 << pageBits, "page 0 is at most a whole page");
        _elementBytes = elementBytes;
        _pageBits = pageBits;
        _pageMask = (1 << pageBits) - 1;
        _firstSize = firstSize;
        _firstMax = firstMax;
        _addresses = [];
        _blocks = [];
    }

    /// <summary>The blocks holding the pages now.</summary>
    public readonly IReadOnlyList<NativeBlock> Blocks => _blocks;

    /// <summary>Elements page 0 holds now (the owner keeps any parallel managed page 0 this size).</summary>
    public readonly int FirstPageCount => _firstCount;

    /// <summary>The element at <paramref name="index"/>, in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly unsafe ref T At<T>(int index)
        where T : unmanaged
    {
        Debug.Assert(index >= 0 && (index >> _pageBits) < _addresses.Length && (index > _pageMask || index < _firstCount), "index outside the allocated pages");
        return ref Unsafe.AddByteOffset(ref Unsafe.AsRef<T>((void*)_addresses[index >> _pageBits]), (nint)(index & _pageMask) * _elementBytes);
    }

    /// <summary>
    /// The index to use for the <paramref name="count"/>th element: <paramref name="count"/> itself,
    /// except that page 0's limit skips to the first index of page 1.
    /// </summary>
    public readonly int Next(int count) => count == _firstMax && count <= _pageMask ? _pageMask + 1 : count;

    /// <summary>Makes <paramref name="index"/> (from <see cref="Next"/>, one past the highest in use) addressable.</summary>
    public unsafe void Ensure(int index)
    {
        int page = index >> _pageBits;
        if (page == _addresses.Length)
        {
            int size = page == 0 ? _firstSize : _pageMask + 1;
            var block = NativeBlock.Allocate(size * _elementBytes);
            Array.Resize(ref _addresses, page + 1);
            Array.Resize(ref _blocks, page + 1);
            _blocks[page] = block;
            _addresses[page] = block.Address;
            if (page == 0)
            {
                _firstCount = size;
            }
        }
        else if (page == 0 && index == _firstCount)
        {
            int size = _firstCount * 2;
            var block = NativeBlock.Allocate(size * _elementBytes);
            long bytes = (long)index * _elementBytes;
            Buffer.MemoryCopy((void*)_addresses[0], (void*)block.Address, bytes, bytes);
            _blocks[0].Dispose();
            _blocks[0] = block;
            _addresses[0] = block.Address;
            _firstCount = size;
        }
    }

    /// <summary>Frees every page now rather than when the collector finalises the blocks; the next <see cref="Ensure"/> starts over.</summary>
    public void Release()
    {
        foreach (var block in _blocks)
        {
            block.Dispose();
        }

        _blocks = [];
        _addresses = [];
        _firstCount = 0;
    }
}
