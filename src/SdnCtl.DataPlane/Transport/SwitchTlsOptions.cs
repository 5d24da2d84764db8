namespace SdnCtl.DataPlane.Transport;

/// <summary>
/// TLS from a simulated switch to its controller, like Open vSwitch's <c>ssl:</c> controller target:
/// the switch presents <see cref="CertificatePath"/> (when the controller asks for one) and accepts
/// only a controller certificate issued by the CA of <see cref="CaCertificatePath"/>.
/// </summary>
public sealed class SwitchTlsOptions
{
    /// <summary>The switch's certificate (PEM); <see langword="null"/> presents none.</summary>
    public string? CertificatePath { get; init; }

    /// <summary>The private key of <see cref="CertificatePath"/> (PEM).</summary>
    public string? PrivateKeyPath { get; init; }

    /// <summary>
    /// CA certificate(s) (PEM) the controller's certificate must chain to; <see langword="null"/> uses
    /// the machine's trust store. Host names are not checked, as Open vSwitch does not check them.
    /// </summary>
    public string? CaCertificatePath { get; init; }
}
