using DotNetty.Buffers;
using SdnCtl.Southbound.Sessions;

namespace SdnCtl.Southbound.Tests.Sessions;

/// <summary>
/// The batch buffers a sender (the control loop) fills are released by the channel's event loop once
/// written. They must come back to the sender's thread cache, so that the next burst of sends reuses
/// them instead of going to the allocator's arena, which, when its chunk has emptied, allocates a new
/// 16 MiB chunk on the large object heap: one per reroute, and the collections that follow.
/// </summary>
public sealed class BatchBufferPoolingTests
{
    [Fact]
    public void BatchBuffer_ReleasedOnAnotherThread_IsReusedFromTheSendersCacheNotTheArena()
    {
        // An allocator of its own, configured as the server's (PooledByteBufferAllocator.Default), so
        // that other tests' buffers do not count.
        var allocator = new PooledByteBufferAllocator(preferDirect: false);
        const int Bursts = 20;
        var sender = new Thread(() =>
        {
            for (int i = 0; i < Bursts; i++)
            {
                IByteBuffer buffer = allocator.Buffer(SwitchSession.BatchBufferSize);
                buffer.WriteLong(i);

                // The event loop releases what it wrote.
                var eventLoop = new Thread(() => buffer.Release());
                eventLoop.Start();
                eventLoop.Join();
            }
        });
        sender.Start();
        sender.Join();

        long fromArena = allocator.Metric.HeapArenas().Sum(a => a.NumNormalAllocations);
        Assert.Equal(1, fromArena);
    }
}
