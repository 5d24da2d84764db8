using System.Runtime.InteropServices;

namespace SdnCtl.DataPlane.Pipeline;

/// <summary>
/// One block of native memory holding a page of a flow table's plain-data storage (entry records,
/// subtable key slots), freed when the block is disposed or, once its table is dropped, finalised.
/// </summary>
/// <remarks>
/// Why not managed arrays: a table of 100k flows touches megabytes of fresh memory, and each 4 KiB of
/// it costs a page fault (expensive on this kind of paravirtualised VM: the profile of
/// <c>sdnctl bench flows</c> had the switches' threads spend ~17% in the fault path). A block of
/// <see cref="HugePageSize"/> or more is aligned to 2 MiB and advised <c>MADV_HUGEPAGE</c>, so with
/// transparent huge pages in "madvise" or "always" mode one fault maps 2 MiB; without them it behaves
/// like any other memory. The collector cannot do that for its heap, and neither moves nor scans these
/// pages anyway (they hold no references). Blocks never move: a reference into one stays valid for as
/// long as the block lives. Blocks are not zeroed: their owners write every word before reading it.
/// </remarks>
internal sealed unsafe partial class NativeBlock : SafeHandle
{
    /// <summary>A transparent huge page on x86-64 and most arm64 kernels.</summary>
    public const int HugePageSize = 2 * 1024 * 1024;

    private const int MadvHugePage = 14;

    private static long s_liveBytes;

    private readonly bool _aligned;

    private NativeBlock(nuint bytes, bool aligned)
        : base(0, ownsHandle: true)
    {
        Bytes = bytes;
        _aligned = aligned;
    }

    /// <summary>Bytes of native memory held by all blocks not yet freed, process-wide (diagnostics and tests).</summary>
    public static long LiveBytes => Interlocked.Read(ref s_liveBytes);

    /// <summary>Size of the block in bytes.</summary>
    public nuint Bytes { get; }

    /// <summary>Address of the first byte.</summary>
    public nint Address => handle;

    /// <inheritdoc/>
    public override bool IsInvalid => handle == 0;

    /// <summary>
    /// A block of at least <paramref name="bytes"/>, uninitialised. From <see cref="HugePageSize"/> up the
    /// size is rounded up to whole huge pages and the block is huge-page aligned and advised.
    /// </summary>
    public static NativeBlock Allocate(int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        bool huge = bytes >= HugePageSize;
        nuint size = huge ? (nuint)(((long)bytes + HugePageSize - 1) / HugePageSize * HugePageSize) : (nuint)bytes;
        var block = new NativeBlock(size, huge);
        void* p = huge ? NativeMemory.AlignedAlloc(size, HugePageSize) : NativeMemory.Alloc(size);
        block.SetHandle((nint)p);
        if (huge && OperatingSystem.IsLinux())
        {
            // Best effort: with THP off (or another kernel) the advice fails and the block gets 4 KiB pages.
            _ = Madvise(p, size, MadvHugePage);
        }

        // The collector should know what a dropped table holds, so that it collects (and finalises) it in time.
        GC.AddMemoryPressure((long)size);
        Interlocked.Add(ref s_liveBytes, (long)size);
        return block;
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        if (_aligned)
        {
            NativeMemory.AlignedFree((void*)handle);
        }
        else
        {
            NativeMemory.Free((void*)handle);
        }

        GC.RemoveMemoryPressure((long)Bytes);
        Interlocked.Add(ref s_liveBytes, -(long)Bytes);
        return true;
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(void* address, nuint length, int advice);
}
