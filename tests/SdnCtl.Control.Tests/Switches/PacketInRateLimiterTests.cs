using SdnCtl.Control.Switches;
using SdnCtl.Control.Tests.Fakes;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.Control.Tests.Switches;

public sealed class PacketInRateLimiterTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly CountingSink _inner = new();

    [Fact]
    public void PacketIn_FloodingPort_IsCutToItsBurstThenItsRate_OtherPortStillPasses()
    {
        var limiter = new PacketInRateLimiter(_inner, PacketInRateLimit.Unlimited, new PacketInRateLimit(10, 5), _time);
        var sw = new StubConnection(1);

        for (int i = 0; i < 100; i++)
        {
            limiter.PacketInReceived(sw, PacketInOn(1));
        }

        limiter.PacketInReceived(sw, PacketInOn(2));
        Assert.Equal(5 + 1, _inner.PacketIns);
        Assert.Equal(95, limiter.Dropped);

        _time.Advance(TimeSpan.FromMilliseconds(300)); // 3 tokens at 10/s
        for (int i = 0; i < 10; i++)
        {
            limiter.PacketInReceived(sw, PacketInOn(1));
        }

        Assert.Equal(6 + 3, _inner.PacketIns);
    }

    [Fact]
    public void PacketIn_PerSwitchLimit_CountsEveryPortAndIsPerSwitch()
    {
        var limiter = new PacketInRateLimiter(_inner, new PacketInRateLimit(100, 4), PacketInRateLimit.Unlimited, _time);
        var a = new StubConnection(1);
        var b = new StubConnection(2);

        for (uint port = 1; port <= 10; port++)
        {
            limiter.PacketInReceived(a, PacketInOn(port));
            limiter.PacketInReceived(b, PacketInOn(port));
        }

        Assert.Equal(8, _inner.PacketIns);
        Assert.Equal(12, limiter.Dropped);
    }

    [Theory]
    [InlineData("0", 0, 0)]
    [InlineData("500", 500, 500)]
    [InlineData("500/50", 500, 50)]
    public void TryParse_Forms(string text, double rate, double burst)
    {
        Assert.True(PacketInRateLimit.TryParse(text, out var limit));
        Assert.Equal((rate, burst), (limit.PerSecond, limit.Burst));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("fast")]
    [InlineData("10/0")]
    [InlineData("1/2/3")]
    public void TryParse_Bad_IsFalse(string text) => Assert.False(PacketInRateLimit.TryParse(text, out _));

    private static PacketIn PacketInOn(uint port)
    {
        var p = new PacketIn();
        p.Match.Add(OxmEntry.InPort(port));
        return p;
    }

    [Fact]
    public void TryAnswerPacketIn_NoLimits_IsTheInnerFastPathsAnswer()
    {
        var limiter = new PacketInRateLimiter(_inner, PacketInRateLimit.Unlimited, PacketInRateLimit.Unlimited, _time);

        int written = limiter.TryAnswerPacketIn(new StubConnection(1), new byte[64], new byte[128]);
        limiter.PacketInBurstEnded();

        Assert.Equal(CountingSink.AnswerLength, written);
        Assert.Equal(1, _inner.FastOffers);
        Assert.Equal(1, _inner.BurstsEnded);
    }

    [Fact]
    public void TryAnswerPacketIn_WithALimit_DeclinesWithoutAskingSoTheLoopPathCountsItOnce()
    {
        var limiter = new PacketInRateLimiter(_inner, PacketInRateLimit.Unlimited, new PacketInRateLimit(10, 5), _time);

        int written = limiter.TryAnswerPacketIn(new StubConnection(1), new byte[64], new byte[128]);

        Assert.Equal(0, written);
        Assert.Equal(0, _inner.FastOffers);
    }

    private sealed class CountingSink : ISwitchEventSink, IPacketInFastPath
    {
        public const int AnswerLength = 16;

        public int PacketIns { get; private set; }

        public int FastOffers { get; private set; }

        public int BurstsEnded { get; private set; }

        public int TryAnswerPacketIn(ISwitchConnection connection, ReadOnlySpan<byte> packetIn, Span<byte> answer)
        {
            FastOffers++;
            return AnswerLength;
        }

        public void PacketInBurstEnded() => BurstsEnded++;

        public void PacketInReceived(ISwitchConnection connection, PacketIn message) => PacketIns++;

        public void SwitchConnected(ISwitchConnection connection)
        {
        }

        public void SwitchDisconnected(ISwitchConnection connection, string reason)
        {
        }

        public void PortStatusReceived(ISwitchConnection connection, PortStatus message)
        {
        }

        public void FlowRemovedReceived(ISwitchConnection connection, FlowRemoved message)
        {
        }

        public void ErrorReceived(ISwitchConnection connection, ErrorMessage error, OfpMessage? request)
        {
        }
    }

    private sealed class StubConnection(ulong dpid) : ISwitchConnection
    {
        public ulong DatapathId => dpid;

        public string RemoteAddress => "stub";

        public FeaturesReply Features => throw new NotSupportedException();

        public DescReply Description => throw new NotSupportedException();

        public IReadOnlyList<OfpPort> Ports => [];

        public bool IsConnected => true;

        public bool IsWritable => true;

        public Task WhenWritableAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public uint NextXid() => 1;

        public void Send(OfpMessage message) => throw new NotSupportedException();

        public void Flush()
        {
        }

        public Task BarrierAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<TReply> RequestAsync<TReply>(OfpMessage request, CancellationToken cancellationToken = default)
            where TReply : OfpMessage => throw new NotSupportedException();

        public Task<IReadOnlyList<TReply>> RequestMultipartAsync<TReply>(MultipartRequest request, CancellationToken cancellationToken = default)
            where TReply : MultipartReply => throw new NotSupportedException();

        public Task CloseAsync(string reason) => Task.CompletedTask;
    }
}
