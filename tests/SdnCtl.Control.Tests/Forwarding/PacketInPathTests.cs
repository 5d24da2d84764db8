using SdnCtl.Control.Core;
using SdnCtl.Control.Forwarding;
using SdnCtl.Control.Network;
using SdnCtl.Control.Packets;
using SdnCtl.Control.Paths;
using SdnCtl.Control.Tests.Fakes;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.Control.Tests.Forwarding;

/// <summary>
/// The packet-in path of <see cref="ReactiveForwarding"/> driven directly on the loop's state (no loop
/// thread), so that what one packet-in costs on this thread can be measured.
/// </summary>
public class PacketInPathTests
{
    private const uint HostPort = 3, EastPort = 2, WestPort = 1;
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch;

    [Fact]
    public void HandlePacketIn_LinkLearnedAfterAnUnreachablePacket_InstallsOverTheNewLink()
    {
        var (state, forwarding, outbox, s1, s2) = TwoSwitches();
        const ulong A = 0x02_00_00_00_00_0a, B = 0x02_00_00_00_00_0b;
        state.ObserveHost(A, new SwitchPort(s1.DatapathId, HostPort), 0x0a000001);
        state.ObserveHost(B, new SwitchPort(s2.DatapathId, HostPort), 0x0a000002);

        Send(state, forwarding, outbox, s1, A, B);
        Assert.Equal(1, forwarding.Unreachable);
        Assert.Equal(0, outbox.Count);

        // The path snapshot the first packet used must not outlive the topology change.
        state.LearnLink(new SwitchPort(s1.DatapathId, EastPort), new SwitchPort(s2.DatapathId, WestPort));
        state.LearnLink(new SwitchPort(s2.DatapathId, WestPort), new SwitchPort(s1.DatapathId, EastPort));
        Send(state, forwarding, outbox, s1, A, B);

        Assert.Equal(1, forwarding.Unreachable);
        Assert.Equal(new Dictionary<ulong, uint> { [s1.DatapathId] = EastPort, [s2.DatapathId] = HostPort }, forwarding.HopsToward(B));
        OfpMessage[] sent = [.. outbox.MessagesFor(s1.DatapathId).Concat(outbox.MessagesFor(s2.DatapathId)).Select(Decoded)];
        Assert.Equal(2, sent.Count(m => m is FlowMod));
        PacketOut delivery = Assert.IsType<PacketOut>(Assert.Single(outbox.MessagesFor(s2.DatapathId).Select(Decoded), m => m is PacketOut));
        Assert.Equal(HostPort, delivery.Actions[0].Argument);
    }

    [Fact]
    public void HandlePacketIn_NewDestinationAmongManyHosts_AllocatesOnlyItsTreeAndTwoMessages()
    {
        var (state, forwarding, outbox, s1, _) = TwoSwitches();
        const ulong Base = 0x02_00_00_00_00_00;
        const int Hosts = 4_000;
        for (int h = 0; h < Hosts; h++)
        {
            state.ObserveHost(Base + (ulong)h, new SwitchPort(s1.DatapathId, 1 + ((uint)h % 4)), 0x0a000000 + (uint)h);
        }

        // Warm: the first packet-ins build the path graph and JIT-compile the path.
        for (int h = 1; h < 100; h++)
        {
            Send(state, forwarding, outbox, s1, Base + (ulong)h, Base + (ulong)h - 1);
        }

        // Each measured packet-in comes right after a host was learned (the state's version moved),
        // as in a cbench run, where every packet-in's source is new. What the packet-in itself costs is
        // its destination's route tree, one FLOW_MOD and one PACKET_OUT; a snapshot rebuilt per
        // packet-in (switch arrays, the host tree's path) would come on top.
        var frame = new byte[64];
        long total = 0;
        const int Measured = 100;
        for (int h = 100; h < 100 + Measured; h++)
        {
            state.BeginInput(Now);
            state.ObserveHost(Base + Hosts + (ulong)h, new SwitchPort(s1.DatapathId, 1), 0x0b000000 + (uint)h);
            EthernetHeader.Write(frame, Base + (ulong)h - 1, Base + (ulong)h, EtherTypes.Ipv4);
            EthernetHeader.TryRead(frame, out EthernetHeader eth);
            long before = GC.GetAllocatedBytesForCurrentThread();
            forwarding.HandlePacketIn(state, s1, 1 + ((uint)h % 4), eth, frame, outbox);
            total += GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(2, outbox.Count);
            outbox.Clear();
            forwarding.RecycleEncoded();
        }

        // The tree is its root alone (a value in a table, no object) and the two messages are encoded
        // into reused instances: what is left is the table growing now and then. A RouteTree, a FlowMod
        // and a PacketOut with their lists (about 500 B), or a snapshot per packet-in, go over.
        Assert.InRange(total / Measured, 0, 300);
    }

    [Theory]
    [InlineData(0, 0x02_00_00_00_00_0b, 1u, 60)]
    [InlineData(0, 0x02_12_34_56_78_9a, 0xffff_ff00u, 1500)]
    [InlineData(300, 0x0e_ff_ff_ff_ff_fe, 7u, 14)]
    public void HandlePacketIn_TowardAHostOnTheSameSwitch_SendsTheObjectEncodersBytes(int idleSeconds, ulong mac, uint port, int frameLength)
    {
        // The packet-in path writes its FLOW_MOD and PACKET_OUT from the answer template; the wire must
        // carry what the codec makes of the objects those messages stand for, field for field.
        var options = new ControllerOptions { FlowIdleTimeout = TimeSpan.FromSeconds(idleSeconds) };
        var network = new FakeNetwork();
        var state = new NetworkState(declared: null);
        var forwarding = new ReactiveForwarding(options, HopCountPathService.Instance);
        var outbox = new Outbox();
        state.BeginInput(Now);
        SwitchEntry s1 = state.AddSwitch(network.AddSwitch(1, "s1", [1, 2, port]));
        state.ObserveHost(mac, new SwitchPort(s1.DatapathId, port), 0x0a000002);
        var frame = new byte[frameLength];
        Random.Shared.NextBytes(frame);
        EthernetHeader.Write(frame, mac, 0x02_00_00_00_00_01, EtherTypes.Ipv4);
        EthernetHeader.TryRead(frame, out EthernetHeader eth);

        forwarding.HandlePacketIn(state, s1, 2, eth, frame, outbox);

        var expectedRule = new FlowMod
        {
            Command = FlowModCommand.Add,
            TableId = options.TableId,
            Priority = options.ForwardingPriority,
            Cookie = FlowCookies.Forwarding(mac),
            IdleTimeout = (ushort)idleSeconds,
            Flags = idleSeconds > 0 ? FlowModFlags.SendFlowRem : FlowModFlags.None,
            Match = [OxmEntry.EthDst(mac)],
            Instructions = [OfpInstruction.ApplyActions(OfpAction.Output(port))],
        };
        var expectedDelivery = new PacketOut { InPort = OfpPortNo.Controller, Actions = [OfpAction.Output(port)], Data = frame };
        OfpMessage[] sent = [.. outbox.MessagesFor(s1.DatapathId)];
        Assert.Equal(2, sent.Length);
        Assert.Equal(expectedRule.ToArray(), Assert.IsType<EncodedMessage>(sent[0]).Bytes.ToArray());
        Assert.Equal(expectedDelivery.ToArray(), Assert.IsType<EncodedMessage>(sent[1]).Bytes.ToArray());
        Assert.Equal(expectedRule.ToArray(), sent[0].ToArray());
        Assert.Equal(expectedDelivery.ToArray(), sent[1].ToArray());
    }

    private static OfpMessage Decoded(OfpMessage message) => message is EncodedMessage encoded ? encoded.Decode() : message;

    private static void Send(NetworkState state, ReactiveForwarding forwarding, Outbox outbox, SwitchEntry from, ulong src, ulong dst)
    {
        outbox.Clear();
        state.BeginInput(Now);
        var frame = new byte[64];
        EthernetHeader.Write(frame, dst, src, EtherTypes.Ipv4);
        EthernetHeader.TryRead(frame, out EthernetHeader eth);
        forwarding.HandlePacketIn(state, from, HostPort, eth, frame, outbox);
    }

    private static (NetworkState State, ReactiveForwarding Forwarding, Outbox Outbox, SwitchEntry S1, SwitchEntry S2) TwoSwitches()
    {
        var network = new FakeNetwork();
        var state = new NetworkState(declared: null);
        var forwarding = new ReactiveForwarding(new ControllerOptions(), HopCountPathService.Instance);
        state.BeginInput(Now);
        SwitchEntry s1 = state.AddSwitch(network.AddSwitch(1, "s1", [1, 2, 3, 4]));
        SwitchEntry s2 = state.AddSwitch(network.AddSwitch(2, "s2", [1, 2, 3, 4]));
        return (state, forwarding, new Outbox(), s1, s2);
    }
}
