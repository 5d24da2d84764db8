namespace SdnCtl.Cli.Ovs;

/// <summary>
/// One command of an OVS build or teardown, as an argument vector (never a shell line, so names
/// from the topology file cannot inject anything).
/// </summary>
/// <param name="Program">The executable: <c>ovs-vsctl</c>, <c>ip</c> or <c>sysctl</c>.</param>
/// <param name="Arguments">Its arguments.</param>
/// <param name="TolerateMissing">
/// Teardown steps: success when the thing to delete is already gone (a namespace deleted by hand,
/// a veth whose peer's deletion took it along).
/// </param>
internal sealed record OvsStep(string Program, IReadOnlyList<string> Arguments, bool TolerateMissing = false)
{
    public override string ToString() => Program + " " + string.Join(' ', Arguments);
}
