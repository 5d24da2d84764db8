using SdnCtl.Control;
using SdnCtl.Control.Events;
using SdnCtl.Control.Switches;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Api.Flows;

/// <summary>
/// Reconciles every switch that connects (and every switch already connected when it starts) with
/// the stored static flows. Watches the control plane's events, so the control plane needs no hook.
/// </summary>
internal sealed partial class StaticFlowReconciler(IControlPlane controlPlane, StaticFlows flows, ILogger<StaticFlowReconciler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using NetworkEventSubscription subscription = controlPlane.Subscribe();
        foreach (ISwitchConnection connection in controlPlane.Connections)
        {
            _ = ReconcileAsync(connection.DatapathId, stoppingToken);
        }

        try
        {
            await foreach (NetworkEvent e in subscription.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                if (e is SwitchUpEvent up)
                {
                    _ = ReconcileAsync(up.DatapathId, stoppingToken);
                }
                else if (e is FlowRemovedEvent { Expired: true } expired && StaticFlowCookies.IsStatic(expired.Cookie))
                {
                    await ForgetExpiredAsync(expired, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ReconcileAsync(ulong datapathId, CancellationToken stoppingToken)
    {
        if (controlPlane.GetSwitch(datapathId) is not { } connection)
        {
            return;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            var (deleted, added) = await flows.ReconcileAsync(connection, timeout.Token).ConfigureAwait(false);
            Reconciled(logger, datapathId, deleted, added);
        }
#pragma warning disable CA1031 // A switch that goes away mid-way is reconciled when it comes back; nothing else may stop the service.
        catch (Exception e)
#pragma warning restore CA1031
        {
            ReconcileFailed(logger, datapathId, e);
        }
    }

    private async Task ForgetExpiredAsync(FlowRemovedEvent expired, CancellationToken stoppingToken)
    {
        if (await flows.ForgetExpiredAsync(expired, stoppingToken).ConfigureAwait(false) > 0)
        {
            Expired(logger, expired.DatapathId, expired.TableId, expired.Priority, expired.Reason);
        }
    }

    [LoggerMessage(EventId = 2110, Level = LogLevel.Information, Message = "Switch {Dpid:x16}: static flow (table {Table}, priority {Priority}) expired ({Reason}); removed from the stored flows")]
    private static partial void Expired(ILogger logger, ulong dpid, byte table, ushort priority, FlowRemovedReason reason);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Switch {Dpid:x16}: static flows reconciled, {Deleted} strays deleted, {Added} added")]
    private static partial void Reconciled(ILogger logger, ulong dpid, int deleted, int added);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Switch {Dpid:x16}: static flow reconciliation failed")]
    private static partial void ReconcileFailed(ILogger logger, ulong dpid, Exception exception);
}
