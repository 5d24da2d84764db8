namespace SdnCtl.Nfv.PacketCounter;

/// <summary>Options of the <c>packet-counter</c> test appliance.</summary>
public sealed class PacketCounterOptions : ApplianceOptions
{
    /// <summary>Frames larger than this are dropped and counted as oversize; 64–65535.</summary>
    public int MaxFrameBytes { get; set; } = 1518;

    protected override int MaxInterfaces => 2;

    protected override void ValidateCore(List<OptionError> errors)
    {
        if (MaxFrameBytes is < 64 or > 65535)
        {
            errors.Add(new OptionError("maxFrameBytes", $"{MaxFrameBytes} is not 64–65535"));
        }
    }
}
