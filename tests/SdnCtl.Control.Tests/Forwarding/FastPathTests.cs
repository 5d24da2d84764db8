using System.Buffers.Binary;
using SdnCtl.Control.Core;
using SdnCtl.Control.Events;
using SdnCtl.Control.Forwarding;
using SdnCtl.Control.Hosts;
using SdnCtl.Control.Network;
using SdnCtl.Control.Packets;
using SdnCtl.Control.Paths;
using SdnCtl.Control.Tests.Fakes;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;
using SdnCtl.Topology;

namespace SdnCtl.Control.Tests.Forwarding;

/// <summary>
/// The reactive fast path (<see cref="ReactiveFastPath"/>, <see cref="ControlPlane.TryAnswerPacketIn"/>):
/// it answers what the loop path would answer, byte for byte, declines what it cannot vouch for, and
/// what it answered ends up in the loop's state.
/// </summary>
public class FastPathTests
{
    // s1 holds h1 (port 1) and h2 (port 2), ports 3 and 4 free; h3 is on s2; s1:5 is cabled to s2:5.
    private static TopologyDocument TwoSwitches() => TestTopologies.Build(
        "fast-path",
        switches: 2,
        ports: 5,
        [("s1", 5, "s2", 5)],
        [("h1", "s1", 1), ("h2", "s1", 2), ("h3", "s2", 1)]);

    [Fact]
    public async Task TryAnswerPacketIn_KnownHostOnTheSameSwitch_WritesTheLoopPathsMessagesByteForByte()
    {
        await using Lab fast = await Lab.StartAsync(TwoSwitches());
        await fast.AnnounceAllHostsAsync();
        await using Lab loop = await Lab.StartAsync(TwoSwitches());
        await loop.AnnounceAllHostsAsync();
        FakeHost h1 = fast.Host("h1"), h2 = fast.Host("h2");
        byte[] frame = Frames.Ipv4(h1, h2);

        byte[] answer = Answer(fast, "s1", PacketInBytes(1, frame), out int written);

        loop.ClearSent();
        loop.Controller.PacketInReceived(loop.Switch("s1"), Decode<PacketIn>(PacketInBytes(1, frame)));
        await loop.Controller.QuiesceAsync();
        OfpMessage[] expected = [.. loop.Switch("s1").Sent];
        Assert.Equal(2, expected.Length);
        byte[] expectedBytes = [.. expected.SelectMany(m => WithXid(m.ToArray(), 0))];
        Assert.Equal(expectedBytes, answer.AsSpan(0, written).ToArray());
        Assert.IsType<FlowMod>(expected[0]);
        Assert.Equal(frame, Assert.IsType<PacketOut>(expected[1]).Data.ToArray());
    }

    [Fact]
    public async Task TryAnswerPacketIn_AnsweredFromANewSender_LoopLearnsTheSenderAndTheRule()
    {
        await using Lab lab = await Lab.StartAsync(TwoSwitches());
        await lab.AnnounceAllHostsAsync();
        FakeHost h2 = lab.Host("h2");
        const ulong Newcomer = 0x02_00_00_00_0a_01;
        const uint NewcomerIp = 0x0a00_0063;

        Answer(lab, "s1", PacketInBytes(3, Frames.Ipv4(Newcomer, h2.Mac, NewcomerIp, h2.Ipv4)), out _);
        lab.Controller.PacketInBurstEnded();
        await lab.Controller.QuiesceAsync();

        HostInfo learned = lab.Topology.FindHost(Newcomer)!;
        Assert.Equal(lab.Port("s1", 3), learned.Attachment);
        IReadOnlyDictionary<ulong, uint>? hops = await lab.Controller.InvokeOnLoopAsync(_ => lab.Controller.Forwarding.HopsToward(h2.Mac)?.ToDictionary());
        Assert.Equal(new Dictionary<ulong, uint> { [lab.Dpid("s1")] = 2 }, hops);
        Assert.Equal(1, lab.Controller.Stats.PacketInsFastAnswered);
        Assert.Equal(0, await lab.Controller.InvokeOnLoopAsync(_ => lab.Controller.FastPath.SightingCount));
    }

    [Fact]
    public async Task TryAnswerPacketIn_TowardASenderOnlyQueuedToTheLoop_AnswersFromItsSighting()
    {
        // cbench's pattern: each packet-in goes to the host that sent the one before, whose own
        // packet-in the loop may not have handled yet.
        await using Lab lab = await Lab.StartAsync(TwoSwitches());
        await lab.AnnounceAllHostsAsync();
        FakeHost h2 = lab.Host("h2");
        const ulong First = 0x02_00_00_00_0a_01, Second = 0x02_00_00_00_0a_02;

        Assert.True(Answer(lab, "s1", PacketInBytes(3, Frames.Ipv4(First, h2.Mac, 0x0a00_0063, h2.Ipv4)), out _).Length > 0);
        Answer(lab, "s1", PacketInBytes(4, Frames.Ipv4(Second, First, 0x0a00_0064, 0x0a00_0063)), out int written);
        Assert.True(written > 0);
        lab.Controller.PacketInBurstEnded();
        await lab.Controller.QuiesceAsync();

        Assert.Equal(lab.Port("s1", 3), lab.Topology.FindHost(First)!.Attachment);
        Assert.Equal(lab.Port("s1", 4), lab.Topology.FindHost(Second)!.Attachment);
        IReadOnlyDictionary<ulong, uint>? hops = await lab.Controller.InvokeOnLoopAsync(_ => lab.Controller.Forwarding.HopsToward(First)?.ToDictionary());
        Assert.Equal(new Dictionary<ulong, uint> { [lab.Dpid("s1")] = 3 }, hops);
    }

    [Fact]
    public async Task TryAnswerPacketIn_WhatTheSnapshotCannotAnswer_Declines()
    {
        await using Lab lab = await Lab.StartAsync(TwoSwitches());
        await lab.AnnounceAllHostsAsync();
        FakeHost h1 = lab.Host("h1"), h2 = lab.Host("h2"), h3 = lab.Host("h3");
        const ulong Stranger = 0x02_00_00_00_0b_01;

        // Another switch's host (rules on two sessions), an unknown destination (flood), broadcast,
        // a hairpin, a sender known on another port (a move), and a buffered packet-in.
        Assert.Equal(0, Written(lab, "s1", PacketInBytes(1, Frames.Ipv4(h1, h3))));
        Assert.Equal(0, Written(lab, "s1", PacketInBytes(1, Frames.Ipv4(h1.Mac, Stranger, h1.Ipv4, 0x0a00_00fe))));
        Assert.Equal(0, Written(lab, "s1", PacketInBytes(1, Frames.ArpRequest(h1.Mac, h1.Ipv4, h2.Ipv4))));
        Assert.Equal(0, Written(lab, "s1", PacketInBytes(2, Frames.Ipv4(h1, h2))));
        Assert.Equal(0, Written(lab, "s1", PacketInBytes(3, Frames.Ipv4(h1, h2))));
        byte[] buffered = PacketInBytes(1, Frames.Ipv4(h1, h2));
        BinaryPrimitives.WriteUInt32BigEndian(buffered.AsSpan(8), 7);
        Assert.Equal(0, Written(lab, "s1", buffered));

        // The same packet-in as a plain one is answered: the declines above are the cases, not the setup.
        Assert.True(Written(lab, "s1", PacketInBytes(1, Frames.Ipv4(h1, h2))) > 0);
    }

    [Fact]
    public async Task TryAnswerPacketIn_WhileATenantExists_Declines()
    {
        await using Lab lab = await Lab.StartAsync(TwoSwitches());
        await lab.AnnounceAllHostsAsync();
        FakeHost h1 = lab.Host("h1"), h2 = lab.Host("h2");
        byte[] packetIn = PacketInBytes(1, Frames.Ipv4(h1, h2));
        Assert.True(Written(lab, "s1", packetIn) > 0);

        Assert.True((await lab.Controller.Tenants.AddTenantAsync("corp")).Succeeded);
        await lab.Controller.QuiesceAsync();

        Assert.Equal(0, Written(lab, "s1", packetIn));
    }

    [Fact]
    public async Task TryAnswerPacketIn_AnswersQueuedBehindABusyLoop_AppliedTogetherAndTheBoundFreedForEachOne()
    {
        // The loop takes a run of queued answers as one input; each answer still counts as one
        // input and frees one place under the bound, or the fast path would stay shut after a run.
        const int Bound = 4;
        await using Lab lab = await Lab.StartAsync(TwoSwitches(), new ControllerOptions { MaxPendingPacketIns = Bound });
        await lab.AnnounceAllHostsAsync();
        FakeHost h2 = lab.Host("h2");
        long inputsBefore = lab.Controller.Stats.InputsProcessed;

        for (int round = 0; round < 2; round++)
        {
            ulong[] senders = [.. Enumerable.Range(0, Bound).Select(i => 0x02_00_00_00_0c_00UL + (ulong)(round * 16) + (ulong)i)];
            using var release = new ManualResetEventSlim();
            Task<bool> busy = lab.Controller.InvokeOnLoopAsync(_ => release.Wait(TimeSpan.FromSeconds(30)));
            for (int i = 0; i < Bound; i++)
            {
                uint port = (uint)(3 + (i % 2));
                Assert.True(Written(lab, "s1", PacketInBytes(port, Frames.Ipv4(senders[i], h2.Mac, 0x0a00_0080 + (uint)i, h2.Ipv4))) > 0, $"round {round}, answer {i}");
            }

            Assert.Equal(0, Written(lab, "s1", PacketInBytes(3, Frames.Ipv4(0x02_00_00_00_0d_01, h2.Mac, 0x0a00_00f0, h2.Ipv4))));
            release.Set();
            Assert.True(await busy);
            lab.Controller.PacketInBurstEnded();
            await lab.Controller.QuiesceAsync();

            for (int i = 0; i < Bound; i++)
            {
                Assert.Equal(lab.Port("s1", (uint)(3 + (i % 2))), lab.Topology.FindHost(senders[i])!.Attachment);
            }
        }

        Assert.Equal(2 * Bound, lab.Controller.Stats.PacketInsFastAnswered);
        Assert.True(lab.Controller.Stats.InputsProcessed - inputsBefore >= 2 * Bound, "each answer counts as an input");
        Assert.Equal(0, await lab.Controller.InvokeOnLoopAsync(_ => lab.Controller.FastPath.SightingCount));
        IReadOnlyDictionary<ulong, uint>? hops = await lab.Controller.InvokeOnLoopAsync(_ => lab.Controller.Forwarding.HopsToward(h2.Mac)?.ToDictionary());
        Assert.Equal(new Dictionary<ulong, uint> { [lab.Dpid("s1")] = 2 }, hops);
    }

    [Fact]
    public void ApplyFastAnswer_HostMovedBeforeTheLoopAppliedIt_ReinstallsTheRuleWhereTheHostIsNow()
    {
        var (state, forwarding, outbox, s1) = OneSwitch();
        const ulong B = 0x02_00_00_00_00_0b;
        state.ObserveHost(B, new SwitchPort(s1.DatapathId, 2), 0x0a000002);

        // The fast path read B at port 2; the loop saw B move to port 3 before applying the answer.
        state.BeginInput(DateTimeOffset.UnixEpoch);
        state.ObserveHost(B, new SwitchPort(s1.DatapathId, 3), 0x0a000002);
        forwarding.ApplyFastAnswer(state, s1.DatapathId, B, 2, outbox);

        Assert.Equal(new Dictionary<ulong, uint> { [s1.DatapathId] = 3 }, forwarding.HopsToward(B));
        FlowMod fix = Assert.IsType<FlowMod>(Assert.Single(outbox.MessagesFor(s1.DatapathId)));
        Assert.Equal(FlowModCommand.Add, fix.Command);
        Assert.Equal(3u, fix.Instructions[0].Actions[0].Argument);
    }

    [Fact]
    public void ApplyFastAnswer_HostGoneBeforeTheLoopAppliedIt_DeletesTheRule()
    {
        var (state, forwarding, outbox, s1) = OneSwitch();
        const ulong B = 0x02_00_00_00_00_0b;
        state.ObserveHost(B, new SwitchPort(s1.DatapathId, 2), 0x0a000002);
        Assert.True(state.RemoveHost(B));

        forwarding.ApplyFastAnswer(state, s1.DatapathId, B, 2, outbox);

        Assert.Null(forwarding.HopsToward(B));
        FlowMod delete = Assert.IsType<FlowMod>(Assert.Single(outbox.MessagesFor(s1.DatapathId)));
        Assert.Equal(FlowModCommand.Delete, delete.Command);
        Assert.Equal(FlowCookies.Forwarding(B), delete.Cookie);
        Assert.Equal(0, forwarding.RuleCount);
    }

    [Fact]
    public void TryAnswer_KnownHost_AllocatesNothing()
    {
        var (state, forwarding, _, s1) = OneSwitch();
        const ulong A = 0x02_00_00_00_00_0a, B = 0x02_00_00_00_00_0b;
        state.ObserveHost(B, new SwitchPort(s1.DatapathId, 2), 0x0a000002);
        var fastPath = new ReactiveFastPath(state.HostLocations, forwarding.FloodGuard, forwarding.AnswerTemplates());
        byte[] packetIn = PacketInBytes(1, Frames.Ipv4(A, B, 0x0a000001, 0x0a000002));
        var answer = new byte[1024];
        Assert.True(fastPath.TryAnswer(s1.DatapathId, packetIn, answer, out _) > 0);

        long before = GC.GetAllocatedBytesForCurrentThread();
        int total = 0;
        for (int i = 0; i < 1_000; i++)
        {
            total += fastPath.TryAnswer(s1.DatapathId, packetIn, answer, out _);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(total > 0);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void ApplyFastAnswer_RepeatFromAKnownSenderOnItsPort_AllocatesNothingAndChangesNothing()
    {
        // The loop's half of an answer the switch asked again (its rule expired or a burst raced it):
        // the sender is known where it sent from and the rule is in the tree, so nothing is new.
        var (state, forwarding, outbox, s1) = OneSwitch();
        const ulong A = 0x02_00_00_00_00_0a, B = 0x02_00_00_00_00_0b;
        state.ObserveHost(B, new SwitchPort(s1.DatapathId, 2), 0x0a000002);
        HostTracker.Observe(state, s1, 1, A, 0x0a000001);
        forwarding.ApplyFastAnswer(state, s1.DatapathId, B, 2, outbox);
        long version = state.Version;
        var events = new List<NetworkEvent>();
        state.TakeEvents(events);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1_000; i++)
        {
            HostTracker.Observe(state, s1, 1, A, 0x0a000001);
            forwarding.ApplyFastAnswer(state, s1.DatapathId, B, 2, outbox);
            Assert.Same(s1, state.FindSwitch(s1.Connection));
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(version, state.Version);
        events.Clear();
        state.TakeEvents(events);
        Assert.Empty(events);
        Assert.Empty(outbox.MessagesFor(s1.DatapathId));
        Assert.Equal(1, forwarding.RuleCount);
    }

    [Fact]
    public void ApplyFastAnswer_NewDestinations_AllocateOnlyTheirTreesAndTheirTableEntries()
    {
        // cbench's load: every answer installs the first rule toward a new destination on its own
        // switch. The tree holds that rule and ingress inline (no dictionary, no set) and the rule at
        // the host's own port goes into no reverse index, so what is left is the tree object and its
        // entry in the destinations' table (growth amortised).
        var (state, forwarding, outbox, s1) = OneSwitch();
        const int Destinations = 20_000;
        const ulong Base = 0x02_00_00_00_00_00;
        for (int i = 0; i < Destinations; i++)
        {
            state.ObserveHost(Base + (ulong)i, new SwitchPort(s1.DatapathId, 2), 0);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Destinations; i++)
        {
            forwarding.ApplyFastAnswer(state, s1.DatapathId, Base + (ulong)i, 2, outbox);
        }

        long perDestination = (GC.GetAllocatedBytesForCurrentThread() - before) / Destinations;
        Assert.Equal(Destinations, forwarding.RouteCount);
        Assert.Equal(Destinations, forwarding.RuleCount);
        Assert.Empty(outbox.MessagesFor(s1.DatapathId));
        Assert.True(perDestination <= 200, $"{perDestination} bytes per new destination");
    }

    [Fact]
    public void ApplyChanges_HostMovedAwayThenTheLinkToItLost_DeletesTheRuleThatBecameTransit()
    {
        // The rule on the host's own port is not indexed by link or switch; once the host moves and
        // that rule leads over a link instead, it must be, or losing the link would not find it.
        var network = new FakeNetwork();
        var state = new NetworkState(declared: null);
        var forwarding = new ReactiveForwarding(new ControllerOptions(), HopCountPathService.Instance);
        var outbox = new Outbox();
        const ulong B = 0x02_00_00_00_00_0b;
        state.BeginInput(DateTimeOffset.UnixEpoch);
        state.AddSwitch(network.AddSwitch(1, "s1", [1, 2, 3, 4, 5]));
        state.AddSwitch(network.AddSwitch(2, "s2", [1, 2, 3, 4, 5]));
        state.LearnLink(new SwitchPort(1, 5), new SwitchPort(2, 5));
        state.LearnLink(new SwitchPort(2, 5), new SwitchPort(1, 5));
        state.ObserveHost(B, new SwitchPort(1, 2), 0x0a000002);
        forwarding.ApplyFastAnswer(state, 1, B, 2, outbox);

        state.BeginInput(DateTimeOffset.UnixEpoch);
        state.ObserveHost(B, new SwitchPort(2, 1), 0x0a000002);
        Assert.Equal(1, forwarding.ApplyChanges(state, outbox));
        Assert.Equal(new Dictionary<ulong, uint> { [1] = 5, [2] = 1 }, forwarding.HopsToward(B));
        outbox.Clear();

        state.BeginInput(DateTimeOffset.UnixEpoch.AddSeconds(1));
        state.ExpireLinks(TimeSpan.Zero);
        Assert.Equal(1, forwarding.ApplyChanges(state, outbox));

        Assert.Null(forwarding.HopsToward(B));
        Assert.Equal(0, forwarding.RuleCount);
        FlowMod delete = Assert.IsType<FlowMod>(Assert.Single(outbox.MessagesFor(1)));
        Assert.Equal(FlowModCommand.Delete, delete.Command);
        Assert.Equal(FlowCookies.Forwarding(B), delete.Cookie);
    }

    [Fact]
    public void TryAnswer_FrameTheControllerJustFlooded_Declines()
    {
        var (state, forwarding, outbox, s1) = OneSwitch();
        const ulong A = 0x02_00_00_00_00_0a, B = 0x02_00_00_00_00_0b;
        byte[] frame = Frames.Ipv4(A, B, 0x0a000001, 0x0a000002);
        var fastPath = new ReactiveFastPath(state.HostLocations, forwarding.FloodGuard, forwarding.AnswerTemplates());

        // B unknown: the loop floods the frame, and remembers it.
        EthernetHeader.TryRead(frame, out EthernetHeader eth);
        forwarding.HandlePacketIn(state, s1, 1, eth, frame, outbox);
        Assert.Equal(1, forwarding.Floods);
        state.ObserveHost(B, new SwitchPort(s1.DatapathId, 2), 0x0a000002);

        Assert.Equal(0, fastPath.TryAnswer(s1.DatapathId, PacketInBytes(3, frame), new byte[1024], out _));
        Assert.True(fastPath.TryAnswer(s1.DatapathId, PacketInBytes(3, Frames.Ipv4(A, B, 0x0a000001, 0x0a000002, id: 2)), new byte[1024], out _) > 0);
    }

    private static byte[] Answer(Lab lab, string sw, byte[] packetIn, out int written)
    {
        var answer = new byte[2048];
        written = lab.Controller.TryAnswerPacketIn(lab.Switch(sw), packetIn, answer);
        return written > 0 ? answer : [];
    }

    private static int Written(Lab lab, string sw, byte[] packetIn)
    {
        Answer(lab, sw, packetIn, out int written);
        return written;
    }

    private static byte[] PacketInBytes(uint inPort, byte[] frame) => new PacketIn
    {
        Reason = PacketInReason.NoMatch,
        Match = [OxmEntry.InPort(inPort)],
        Data = frame,
        TotalLength = (ushort)frame.Length,
    }.ToArray();

    private static T Decode<T>(byte[] bytes)
        where T : OfpMessage => Assert.IsType<T>(OfpCodec.Decode(bytes));

    private static byte[] WithXid(byte[] message, uint xid)
    {
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(4), xid);
        return message;
    }

    private static (NetworkState State, ReactiveForwarding Forwarding, Outbox Outbox, SwitchEntry S1) OneSwitch()
    {
        var network = new FakeNetwork();
        var state = new NetworkState(declared: null);
        var forwarding = new ReactiveForwarding(new ControllerOptions(), HopCountPathService.Instance);
        state.BeginInput(DateTimeOffset.UnixEpoch);
        SwitchEntry s1 = state.AddSwitch(network.AddSwitch(1, "s1", [1, 2, 3, 4]));
        return (state, forwarding, new Outbox(), s1);
    }
}
