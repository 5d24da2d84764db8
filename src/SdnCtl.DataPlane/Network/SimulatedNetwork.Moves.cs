using SdnCtl.Topology;

namespace SdnCtl.DataPlane.Network;

public sealed partial class SimulatedNetwork
{
    /// <summary>
    /// Re-cables host <paramref name="host"/> to the free switch port <paramref name="to"/>, as a
    /// VM migrating to another server does; the host keeps its MAC and address. Each side is
    /// changed on its own executor, so no frame sees half a move. Like a migrated VM, the host then
    /// announces itself with a gratuitous ARP when <paramref name="announce"/> is set.
    /// </summary>
    /// <returns>False when the host or switch is unknown, the port does not exist, or it is already cabled.</returns>
    public async Task<bool> MoveHostAsync(string host, PortRef to, bool announce = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (Inventory.FindHostNode(host) is not { } node || Inventory.FindSwitchNode(to.Switch) is not { } target ||
            !target.Spec.Ports.Any(p => p.Number == to.Port))
        {
            return false;
        }

        PortAttachment old = node.Uplink;
        var uplink = new PortAttachment(target, to.Port, null, null);
        bool attached = await OnExecutorAsync(target, () => target.TryAttach(to.Port, new PortAttachment(node, 0, null, null)), cancellationToken).ConfigureAwait(false);
        if (!attached)
        {
            return false;
        }

        if (old.Peer is SwitchNode previous)
        {
            await OnExecutorAsync(previous, () => previous.Detach(old.PeerPort), cancellationToken).ConfigureAwait(false);
        }

        var moved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        node.Host.Post(() =>
        {
            node.Uplink = uplink;
            if (announce)
            {
                node.Host.SendGratuitousArp();
            }

            moved.SetResult();
        });
        await moved.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static async Task<bool> OnExecutorAsync(SwitchNode node, Func<bool> action, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        node.Switch.Post(() => done.SetResult(action()));
        return await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
