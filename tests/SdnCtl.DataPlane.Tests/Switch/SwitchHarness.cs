using SdnCtl.DataPlane.Switch;
using SdnCtl.DataPlane.Tests.Support;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.DataPlane.Tests.Switch;

/// <summary>A switch with four ports, one connected controller and a capturing network.</summary>
internal sealed class SwitchHarness
{
    private uint _xid = 100;

    public SwitchHarness(SwitchOptions? options = null)
    {
        Switch = new SimulatedSwitch(options ?? new SwitchOptions { DatapathId = 0xabc }, Clock);
        Switch.FrameTransmitter = Wire;
        for (uint p = 1; p <= 4; p++)
        {
            Switch.AddPort(p);
        }

        Session = Switch.Attach(Controller);
        Send(Hello.ForVersions(OfpConstants.Version));
        Controller.Clear();
    }

    public ManualClock Clock { get; } = new();

    public SimulatedSwitch Switch { get; }

    public TestChannel Controller { get; } = new();

    public CapturingTransmitter Wire { get; } = new();

    public ControllerSession Session { get; }

    /// <summary>Encodes <paramref name="message"/> (fresh xid unless set) and feeds the bytes to the switch.</summary>
    public uint Send(OfpMessage message)
    {
        if (message.Xid == 0)
        {
            message.Xid = ++_xid;
        }

        Switch.HandleMessage(Session, message.ToArray());
        return message.Xid;
    }

    public void SendBytes(byte[] frame) => Switch.HandleMessage(Session, frame);

    public T Single<T>() where T : OfpMessage => Assert.Single(Controller.OfType<T>());
}
