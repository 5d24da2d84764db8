namespace SdnCtl.OvsInterop.Tests;

/// <summary>
/// One Open vSwitch, one controller and one built network for the whole suite: the tests run one
/// after another against them, and each puts back what it changes.
/// </summary>
[CollectionDefinition(Name)]
public sealed class OvsCollection : ICollectionFixture<OvsFixture>
{
    public const string Name = "ovs";
}
