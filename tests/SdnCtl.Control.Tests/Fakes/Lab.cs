using SdnCtl.Control.Network;
using SdnCtl.Control.Paths;
using SdnCtl.Topology;

namespace SdnCtl.Control.Tests.Fakes;

/// <summary>A control plane wired to a fake network and a manual clock.</summary>
internal sealed class Lab : IAsyncDisposable
{
    private Lab(TopologyDocument document, ControllerOptions? options, bool declare, IPathService? pathService)
    {
        Document = document;
        Time = new ManualTimeProvider();
        Network = FakeNetwork.FromDocument(document);
        // The lab's clock is manual, so the tests pin the link timeout to three rounds instead of the
        // production floor of 10 s meant for loaded machines.
        options ??= new ControllerOptions();
        options.LinkTimeout ??= options.DiscoveryInterval * 3;
        Controller = new ControlPlane(options, Time, pathService: pathService, declared: declare ? document : null);
        Network.Sink = Controller;
    }

    public TopologyDocument Document { get; }

    public ManualTimeProvider Time { get; }

    public FakeNetwork Network { get; }

    public ControlPlane Controller { get; }

    public TopologySnapshot Topology => Controller.Topology;

    /// <summary>Starts the control plane, connects every switch and lets discovery finish.</summary>
    public static async Task<Lab> StartAsync(TopologyDocument document, ControllerOptions? options = null, bool declare = false, bool connect = true)
    {
        var lab = new Lab(document, options, declare, pathService: null);
        if (connect)
        {
            await lab.StartAndDiscoverAsync();
        }
        else
        {
            lab.Controller.Start();
        }

        return lab;
    }

    /// <summary>A lab that is not started yet.</summary>
    public static Lab Create(TopologyDocument document, ControllerOptions? options = null, IPathService? pathService = null) =>
        new(document, options, declare: false, pathService);

    public async Task StartAndDiscoverAsync()
    {
        Controller.Start();
        Network.ConnectAll();

        // Switches connect one after another, so the first ones probed before their neighbours
        // existed; a later neighbour's probes find them, and the reverse is probed then. One
        // discovery round on, every link has also been refreshed by a round's probes.
        await AdvanceAsync(Controller.Options.DiscoveryInterval);
    }

    public FakeSwitch Switch(string name) => Network.Switch(Document.FindSwitch(name)!.DatapathId);

    public FakeHost Host(string name) => Network.Host(name);

    public SwitchPort Port(string switchName, uint port) => new(Document.FindSwitch(switchName)!.DatapathId, port);

    public ulong Dpid(string switchName) => Document.FindSwitch(switchName)!.DatapathId;

    /// <summary>
    /// Waits until the controller and the fake network are both idle: the loop has processed
    /// everything, including the PACKET_INs its own PACKET_OUTs caused.
    /// </summary>
    public async Task SettleAsync()
    {
        for (int round = 0; round < 10_000; round++)
        {
            long before = Network.PacketInsDelivered;
            await Controller.QuiesceAsync();
            if (Network.PacketInsDelivered == before)
            {
                return;
            }
        }

        throw new InvalidOperationException("the network never went quiet: PACKET_INs keep coming");
    }

    public async Task AdvanceAsync(TimeSpan by)
    {
        await SettleAsync();
        Time.Advance(by);
        await SettleAsync();
    }

    /// <summary>Advances one discovery interval at a time, settling after each round.</summary>
    public async Task RunDiscoveryRoundsAsync(int rounds)
    {
        for (int i = 0; i < rounds; i++)
        {
            await AdvanceAsync(Controller.Options.DiscoveryInterval);
        }
    }

    /// <summary>A host sends a frame; waits until everything it caused is done.</summary>
    public async Task SendAsync(string host, byte[] frame)
    {
        Network.Send(host, frame);
        await SettleAsync();
    }

    /// <summary>
    /// Every host announces itself with a gratuitous ARP, so the controller learns them all; then
    /// the inboxes are emptied of the flooded announcements.
    /// </summary>
    public async Task AnnounceAllHostsAsync()
    {
        foreach (FakeHost h in Network.Hosts.Values)
        {
            await SendAsync(h.Name, Frames.GratuitousArp(h.Mac, h.Ipv4));
        }

        ClearInboxes();
    }

    public void ClearInboxes()
    {
        foreach (FakeHost h in Network.Hosts.Values)
        {
            h.ClearReceived();
        }
    }

    /// <summary>Forgets what the switches were sent so far.</summary>
    public void ClearSent()
    {
        foreach (FakeSwitch s in Network.Switches.Values)
        {
            s.ClearSent();
        }
    }

    public ValueTask DisposeAsync() => Controller.DisposeAsync();
}
