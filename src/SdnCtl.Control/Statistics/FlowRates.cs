namespace SdnCtl.Control.Statistics;

/// <summary>Per-second rates of one flow entry between two samples.</summary>
public readonly record struct FlowRates(double Bytes, double Packets);
