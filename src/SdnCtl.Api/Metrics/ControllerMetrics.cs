using Prometheus;
using SdnCtl.Api.Flows;
using SdnCtl.Control;
using SdnCtl.Control.Statistics;

namespace SdnCtl.Api.Metrics;

/// <summary>
/// The controller's Prometheus metrics (prometheus-net), in a registry of their own so that several
/// controllers in one process (tests) do not share counters. Network gauges and counters are read
/// from the control plane's snapshot and stats when Prometheus scrapes, so the control loop pays
/// nothing for them; rates (flow-mods/s, packet-ins/s) are <c>rate()</c> of the <c>_total</c> counters.
/// </summary>
internal sealed class ControllerMetrics
{
    public ControllerMetrics(IControlPlane controlPlane, FlowInstaller installer, StatisticsCollector statistics, IServiceProvider services)
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        var switches = factory.CreateGauge("sdnctl_switches", "Connected switches.");
        var links = factory.CreateGauge("sdnctl_links", "Directed links discovered by LLDP.");
        var hosts = factory.CreateGauge("sdnctl_hosts", "Hosts learned or declared.");
        var rules = factory.CreateGauge("sdnctl_forwarding_rules", "Forwarding rules the control plane keeps installed on switches.");
        var flowMods = factory.CreateCounter("sdnctl_flow_mods_sent_total", "FLOW_MODs sent to switches; rate() is flow-mods per second.", "source");
        var apiFlows = factory.CreateCounter("sdnctl_api_flows_installed_total", "Flows installed through the flows API and confirmed by barrier.");
        var packetIns = factory.CreateCounter("sdnctl_packet_ins_total", "PACKET_INs received; rate() is packet-ins per second.");
        var packetInsDropped = factory.CreateCounter("sdnctl_packet_ins_dropped_total", "PACKET_INs dropped because the control loop was behind.");
        var switchErrors = factory.CreateCounter("sdnctl_switch_errors_total", "OFPT_ERRORs received from switches.");
        var reroutes = factory.CreateCounter("sdnctl_reroutes_total", "Topology changes that rerouted traffic.");
        Counter.Child controlFlowMods = flowMods.WithLabels("control_plane");
        Counter.Child apiFlowMods = flowMods.WithLabels("api");

        Registry.AddBeforeCollectCallback(() =>
        {
            var topology = controlPlane.Topology;
            var stats = controlPlane.Stats;
            switches.Set(topology.Switches.Length);
            links.Set(topology.Links.Length);
            hosts.Set(topology.Hosts.Length);
            rules.Set(stats.InstalledRules);
            controlFlowMods.IncTo(stats.FlowModsSent);
            apiFlowMods.IncTo(installer.FlowModsSent);
            apiFlows.IncTo(installer.FlowsInstalled);
            packetIns.IncTo(stats.PacketIns);
            packetInsDropped.IncTo(stats.PacketInsDropped);
            switchErrors.IncTo(stats.SwitchErrors);
            reroutes.IncTo(stats.Reroutes);
        });

        StatisticsMetrics.Register(Registry, statistics, () => Endpoints.TenantEndpoints.Service(controlPlane, services));
    }

    public CollectorRegistry Registry { get; }
}
