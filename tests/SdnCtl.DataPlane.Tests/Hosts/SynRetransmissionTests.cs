using System.Net;
using SdnCtl.DataPlane.Hosts;
using SdnCtl.Topology;

namespace SdnCtl.DataPlane.Tests.Hosts;

public sealed class SynRetransmissionTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ConnectAsync_FirstSynLost_SendsItAgainAndConnects()
    {
        var a = new SimulatedHost(new HostSpec("a", 0x02_00_00_00_00_01, IPAddress.Parse("10.0.0.1"), 24, new PortRef("s1", 1)));
        var b = new SimulatedHost(new HostSpec("b", 0x02_00_00_00_00_02, IPAddress.Parse("10.0.0.2"), 24, new PortRef("s1", 2)), new SimulatedHostOptions { ListeningTcpPorts = [22] });
        var cable = new LossyCable(a, b, dropFirstSyns: 1);

        var result = await a.ConnectAsync(0x0a000002, tcp: true, 22, Guard).WaitAsync(Guard);

        Assert.Equal(ConnectStatus.Connected, result.Status);
        Assert.Equal(2, cable.Syns);
    }

    [Fact]
    public async Task ConnectAsync_EverySynLost_GivesUpAtTheTimeoutHavingBackedOff()
    {
        var a = new SimulatedHost(new HostSpec("a", 0x02_00_00_00_00_01, IPAddress.Parse("10.0.0.1"), 24, new PortRef("s1", 1)), new SimulatedHostOptions { ConnectRetryInterval = TimeSpan.FromMilliseconds(100) });
        var b = new SimulatedHost(new HostSpec("b", 0x02_00_00_00_00_02, IPAddress.Parse("10.0.0.2"), 24, new PortRef("s1", 2)), new SimulatedHostOptions { ListeningTcpPorts = [22] });
        var cable = new LossyCable(a, b, dropFirstSyns: int.MaxValue);

        var result = await a.ConnectAsync(0x0a000002, tcp: true, 22, TimeSpan.FromSeconds(3)).WaitAsync(Guard);

        // Sent at 0, 0.1, 0.3, 0.7 and 1.5 s (the wait doubling each time) and no more: the next would be
        // at 3.1 s, after the timeout. Only the bounds are checked, not when each went out.
        Assert.Equal(ConnectStatus.NoAnswer, result.Status);
        Assert.InRange(cable.Syns, 2, 5);
    }

    /// <summary>A cable that loses the first N TCP SYNs (IPv4 protocol 6, flags SYN without ACK) and carries everything else.</summary>
    private sealed class LossyCable : IHostTransmitter
    {
        private readonly SimulatedHost _a;
        private readonly SimulatedHost _b;
        private int _toDrop;
        private int _syns;

        public LossyCable(SimulatedHost a, SimulatedHost b, int dropFirstSyns)
        {
            _a = a;
            _b = b;
            _toDrop = dropFirstSyns;
            a.Transmitter = this;
            b.Transmitter = this;
        }

        public int Syns => Volatile.Read(ref _syns);

        public void Transmit(SimulatedHost source, ReadOnlySpan<byte> frame)
        {
            bool syn = frame.Length >= 48 && frame[12] == 0x08 && frame[13] == 0x00 && frame[23] == 6 && (frame[14 + 20 + 13] & 0x12) == 0x02;
            if (syn)
            {
                Interlocked.Increment(ref _syns);
                if (Interlocked.Decrement(ref _toDrop) >= 0)
                {
                    return;
                }
            }

            (source == _a ? _b : _a).Receive(frame);
        }
    }
}
