using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SdnCtl.DataPlane.Hosts;
using SdnCtl.DataPlane.Network;

namespace SdnCtl.IntegrationTests.Appliances;

public sealed class VirtualBoxModesFixture() : SimulatedControllerFixture("virtualbox-modes.yaml");

/// <summary>
/// virtualbox-modes.yaml over real TCP: the reachability table of VirtualBox's network modes, every
/// cell asserted. "host" is the physical host machine: its LAN interface <c>pc</c>, or for
/// host-only its vboxnet0 adapter <c>pc-vboxnet0</c>. A "yes" cell pings and connects to TCP 22; a
/// "no" cell neither pings nor connects; a "PF" cell does not ping, connects through the NAT's port
/// forward (POST /api/v1/sim/connect to the NAT's outside address), and does not connect to a port
/// the VM listens on but the NAT does not forward.
/// </summary>
public sealed class VirtualBoxModesTests(VirtualBoxModesFixture fixture) : IClassFixture<VirtualBoxModesFixture>
{
    private static readonly TimeSpan Reply = TimeSpan.FromSeconds(10);

    // A probe that must fail waits this long for an answer that must never come; the table's
    // failing cells run concurrently so the whole wait is paid once.
    private static readonly TimeSpan NoReply = TimeSpan.FromSeconds(3);

    public enum Expect
    {
        Yes,
        No,
        PortForward,
    }

    /// <summary>The table, row by row: mode, column, expectation, from, to, and for NAT modes the forward and an unforwarded port of the VM's NAT.</summary>
    public static readonly (string Mode, string Column, Expect Expect, string From, string To, string? Forward, string? Unforwarded)[] Table =
    [
        ("not attached", "VM<->VM", Expect.No, "na-a", "na-b", null, null),
        ("not attached", "VM->host", Expect.No, "na-a", "pc", null, null),
        ("not attached", "host->VM", Expect.No, "pc", "na-a", null, null),
        ("not attached", "VM->LAN", Expect.No, "na-a", "lan-1", null, null),
        ("not attached", "LAN->VM", Expect.No, "lan-1", "na-a", null, null),

        // nat-b is 10.0.2.15 as nat-a is: the only way toward it is its NAT's outside address.
        ("NAT", "VM<->VM", Expect.No, "nat-a", "nat-b", null, "192.168.1.102:80"),
        ("NAT", "VM->host", Expect.Yes, "nat-a", "pc", null, null),
        ("NAT", "host->VM", Expect.PortForward, "pc", "nat-a", "192.168.1.101:2222", "192.168.1.101:80"),
        ("NAT", "VM->LAN", Expect.Yes, "nat-a", "lan-1", null, null),
        ("NAT", "LAN->VM", Expect.PortForward, "lan-1", "nat-b", "192.168.1.102:2222", "192.168.1.102:80"),

        ("NAT Network", "VM<->VM", Expect.Yes, "nn-a", "nn-b", null, null),
        ("NAT Network", "VM->host", Expect.Yes, "nn-b", "pc", null, null),
        ("NAT Network", "host->VM", Expect.PortForward, "pc", "nn-a", "192.168.1.103:2224", "192.168.1.103:80"),
        ("NAT Network", "VM->LAN", Expect.Yes, "nn-a", "lan-2", null, null),
        ("NAT Network", "LAN->VM", Expect.PortForward, "lan-2", "nn-b", "192.168.1.103:2225", "192.168.1.103:80"),

        ("Bridged", "VM<->VM", Expect.Yes, "br-a", "br-b", null, null),
        ("Bridged", "VM->host", Expect.Yes, "br-a", "pc", null, null),
        ("Bridged", "host->VM", Expect.Yes, "pc", "br-b", null, null),
        ("Bridged", "VM->LAN", Expect.Yes, "br-b", "lan-1", null, null),
        ("Bridged", "LAN->VM", Expect.Yes, "lan-2", "br-a", null, null),

        ("Internal", "VM<->VM", Expect.Yes, "in-a", "in-b", null, null),
        ("Internal", "VM->host", Expect.No, "in-a", "pc", null, null),
        ("Internal", "host->VM", Expect.No, "pc", "in-b", null, null),
        ("Internal", "VM->LAN", Expect.No, "in-b", "lan-1", null, null),
        ("Internal", "LAN->VM", Expect.No, "lan-1", "in-a", null, null),

        ("Host-only", "VM<->VM", Expect.Yes, "ho-a", "ho-b", null, null),
        ("Host-only", "VM->host", Expect.Yes, "ho-b", "pc-vboxnet0", null, null),
        ("Host-only", "host->VM", Expect.Yes, "pc-vboxnet0", "ho-a", null, null),
        ("Host-only", "VM->LAN", Expect.No, "ho-a", "lan-2", null, null),
        ("Host-only", "LAN->VM", Expect.No, "lan-2", "ho-b", null, null),
    ];

    [Fact]
    public async Task VirtualBoxModes_EveryCellOfTheTable_HoldsByPingAndConnect()
    {
        SimulatedNetwork net = fixture.Network;
        await SettleAsync();
        // As `sdnctl run` does once the rules are in: hosts and appliances announce themselves, so
        // the controller knows every NAT's interfaces before the first packet is addressed to one.
        net.AnnounceHosts();
        ulong[] applianceMacs = [.. net.Appliances.SelectMany(a => a.Interfaces).Select(i => i.Mac)];
        await ControlPlaneWaits.UntilAsync(fixture.Host.ControlPlane, () => applianceMacs.All(m => fixture.Host.ControlPlane.Topology.Hosts.Any(h => h.Mac == m)));
        await SettleAsync();
        Assert.Equal(30, Table.Length);
        Assert.Equal(6, Table.Select(c => c.Mode).Distinct().Count());
        var failures = new List<string>();

        // "yes" cells one by one: each must answer, so each waits only as long as its answer takes.
        foreach (var cell in Table.Where(c => c.Expect == Expect.Yes))
        {
            PingResult ping = await net.PingAsync(cell.From, cell.To, Reply);
            NetworkConnectResult tcp = await net.ConnectAsync(cell.From, cell.To, tcp: true, 22, Reply);
            if (ping.Status != PingStatus.Replied || tcp.Status != ConnectStatus.Connected)
            {
                failures.Add($"{Describe(cell)}: ping {ping.Status} ({ping.Detail}), tcp/22 {tcp.Status} ({tcp.Detail}) path={string.Join(' ', tcp.Path)}");
            }
        }

        // PF cells through the forward, by REST as a user would.
        foreach (var cell in Table.Where(c => c.Expect == Expect.PortForward))
        {
            JsonElement through = await ConnectByRestAsync(cell.From, cell.Forward!);
            if (!through.GetProperty("connected").GetBoolean())
            {
                failures.Add($"{Describe(cell)}: no connection through the forward {cell.Forward}: {through}");
            }
            else if (!through.GetProperty("path").EnumerateArray().Any(h => h.GetString()!.Contains(":outside->inside", StringComparison.Ordinal)))
            {
                failures.Add($"{Describe(cell)}: the forward's path does not cross a NAT from outside to inside: {through}");
            }
        }

        // Everything that must fail, concurrently: pings to the VM, TCP to its port 22, and the
        // NAT's outside address on a port the VM listens on but the NAT does not forward.
        var mustFail = new List<(string Cell, Task<bool> Answered)>();
        foreach (var cell in Table.Where(c => c.Expect != Expect.Yes))
        {
            mustFail.Add(($"{Describe(cell)} ping", Answered(net.PingAsync(cell.From, cell.To, NoReply))));
            mustFail.Add(($"{Describe(cell)} tcp/22", Answered(net.ConnectAsync(cell.From, cell.To, tcp: true, 22, NoReply))));
            if (cell.Unforwarded is { } unforwarded)
            {
                var (address, port) = Split(unforwarded);
                mustFail.Add(($"{Describe(cell)} tcp {unforwarded} (not forwarded)", Answered(net.ConnectAsync(cell.From, address, tcp: true, port, NoReply))));
            }
        }

        await Task.WhenAll(mustFail.Select(m => m.Answered));
        failures.AddRange(mustFail.Where(m => m.Answered.Result).Select(m => $"{m.Cell}: answered, but the table says it must not"));

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        // The table has 14 yes, 12 no and 4 PF cells; each was probed above.
        Assert.Equal((14, 12, 4), (Table.Count(c => c.Expect == Expect.Yes), Table.Count(c => c.Expect == Expect.No), Table.Count(c => c.Expect == Expect.PortForward)));
    }

    [Theory]
    [InlineData("""{"dst":"pc","protocol":"tcp","port":22}""", "src")]
    [InlineData("""{"src":"ghost","dst":"pc","protocol":"tcp","port":22}""", "src")]
    [InlineData("""{"src":"pc","dst":"10.0.2","protocol":"tcp","port":22}""", "dst")]
    [InlineData("""{"src":"pc","dst":"lan-1","protocol":"sctp","port":22}""", "protocol")]
    [InlineData("""{"src":"pc","dst":"lan-1","protocol":"udp","port":70000}""", "port")]
    [InlineData("""{"src":"pc","dst":"lan-1","protocol":"udp"}""", "port")]
    public async Task SimConnect_BadField_Is400NamingIt(string body, string field)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await fixture.Http.PostAsync("/api/v1/sim/connect", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using JsonDocument problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), problem.RootElement.ToString());
    }

    [Fact]
    public async Task SimConnect_Udp_IsEchoedAcrossTheLan_AndTcpToAClosedPortIsRefused()
    {
        JsonElement udp = await ConnectByRestAsync("lan-1", "br-a", "udp", 53);
        JsonElement closed = await ConnectByRestAsync("lan-1", "192.168.1.32", "tcp", 8080);

        Assert.Equal("connected", udp.GetProperty("status").GetString());
        Assert.Equal("refused", closed.GetProperty("status").GetString());
    }

    private async Task SettleAsync()
    {
        await fixture.Host.ControlPlane.QuiesceAsync();
        await Task.WhenAll(fixture.Host.ControlPlane.Connections.Select(c => c.BarrierAsync()));
    }

    private async Task<JsonElement> ConnectByRestAsync(string source, string destination, string protocol = "tcp", int? port = null)
    {
        if (port is null)
        {
            (destination, ushort p) = Split(destination);
            port = p;
        }

        using HttpResponseMessage response = await fixture.Http.PostAsJsonAsync("/api/v1/sim/connect", new { src = source, dst = destination, protocol, port });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.Clone();
    }

    private static async Task<bool> Answered(Task<PingResult> ping) => (await ping).Status == PingStatus.Replied;

    private static async Task<bool> Answered(Task<NetworkConnectResult> connect) => (await connect).Status == ConnectStatus.Connected;

    private static (string Address, ushort Port) Split(string endpoint)
    {
        int colon = endpoint.LastIndexOf(':');
        return (endpoint[..colon], ushort.Parse(endpoint[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string Describe((string Mode, string Column, Expect Expect, string From, string To, string? Forward, string? Unforwarded) cell) =>
        $"{cell.Mode} {cell.Column} ({cell.Expect}: {cell.From} -> {cell.To})";
}
