using Microsoft.Extensions.Time.Testing;
using SdnCtl.Nfv.Tests.Support;
using SdnCtl.Topology;

namespace SdnCtl.Nfv.Tests.Contract;

/// <summary>
/// What every appliance kind promises, built-in or third-party: one derived class per kind.
/// Options come from JSON through <see cref="ApplianceOptionsBinder"/> so that a kind the tests
/// do not reference at compile time is driven the same way.
/// </summary>
public abstract class ApplianceContractTests
{
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>The kind under test.</summary>
    protected abstract string KindName { get; }

    /// <summary>Valid options as JSON, with the interfaces listed in <see cref="ExpectedInterfaces"/>.</summary>
    protected abstract string ValidOptionsJson { get; }

    /// <summary>The interfaces (name, MAC) the valid options declare, in order.</summary>
    protected abstract (string Name, string Mac)[] ExpectedInterfaces { get; }

    /// <summary>Options with one bad kind-specific value, and the option path the error must name.</summary>
    protected abstract (string Json, string Option) InvalidOptions { get; }

    /// <summary>A frame, and the interface it arrives on, that the appliance answers or passes on.</summary>
    protected abstract (int Ingress, byte[] Frame) ActiveFrame { get; }

    protected virtual ApplianceRegistry CreateRegistry() => ApplianceRegistry.CreateDefault();

    protected IApplianceKind Kind => CreateRegistry().GetKind(KindName);

    protected NetworkAppliance Create() => Kind.Create(ApplianceOptionsBinder.Bind(Kind, ValidOptionsJson), Time);

    [Fact]
    public void Registry_KindByName_HasThatNameAndConcreteOptions()
    {
        IApplianceKind kind = Kind;
        Assert.Equal(KindName, kind.Name);
        Assert.True(typeof(ApplianceOptions).IsAssignableFrom(kind.OptionsType));
        Assert.False(kind.OptionsType.IsAbstract);
    }

    [Fact]
    public void Create_ValidOptions_BuildsTheDeclaredInterfaces()
    {
        NetworkAppliance appliance = Create();
        Assert.Equal(KindName, appliance.Kind);
        Assert.Equal("a1", appliance.Name);
        Assert.Equal(ExpectedInterfaces.Length, appliance.Interfaces.Count);
        for (int i = 0; i < ExpectedInterfaces.Length; i++)
        {
            Assert.Equal(i, appliance.Interfaces[i].Index);
            Assert.Equal(ExpectedInterfaces[i].Name, appliance.Interfaces[i].Name);
            Assert.True(MacFormat.TryParse(ExpectedInterfaces[i].Mac, out ulong mac));
            Assert.Equal(mac, appliance.Interfaces[i].Mac);
        }
    }

    [Fact]
    public void Bind_InvalidKindOption_ErrorNamesTheOption()
    {
        (string json, string option) = InvalidOptions;
        var e = Assert.Throws<ApplianceOptionsException>(() => ApplianceOptionsBinder.Bind(Kind, json));
        Assert.Contains(e.Errors, error => error.Option == option);
    }

    [Fact]
    public void Bind_BadInterfaceMac_ErrorNamesTheInterfaceField()
    {
        string json = ValidOptionsJson.Replace(ExpectedInterfaces[0].Mac, "02:00:zz:00:00:01", StringComparison.Ordinal);
        var e = Assert.Throws<ApplianceOptionsException>(() => ApplianceOptionsBinder.Bind(Kind, json));
        Assert.Contains(e.Errors, error => error.Option == "interfaces[0].mac");
    }

    [Fact]
    public void Bind_UnknownMember_ErrorNamesIt()
    {
        string json = ValidOptionsJson.TrimEnd().TrimEnd('}') + ", \"noSuchOption\": 1 }";
        var e = Assert.Throws<ApplianceOptionsException>(() => ApplianceOptionsBinder.Bind(Kind, json));
        Assert.Contains(e.Errors, error => error.Message.Contains("noSuchOption", StringComparison.Ordinal) || error.Option.Contains("noSuchOption", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_OptionsOfAnotherKind_ThrowsArgumentException()
    {
        var other = new OtherOptions { Name = "x", Interfaces = [new InterfaceOptions { Name = "i", Mac = "02:00:00:00:00:09" }] };
        Assert.Throws<ArgumentException>(() => Kind.Create(other, Time));
    }

    [Fact]
    public void Create_InvalidOptionsObject_ThrowsWithErrors()
    {
        var options = (ApplianceOptions)Activator.CreateInstance(Kind.OptionsType)!;
        var e = Assert.Throws<ApplianceOptionsException>(() => Kind.Create(options, Time));
        Assert.Contains(e.Errors, error => error.Option == "name");
    }

    [Fact]
    public void Process_ActiveFrame_EmitsAndCounts()
    {
        NetworkAppliance appliance = Create();
        var sink = new RecordingSink();
        (int ingress, byte[] frame) = ActiveFrame;
        FrameDisposition disposition = appliance.Process(ingress, frame, sink);
        Assert.Contains(disposition, new[] { FrameDisposition.Forwarded, FrameDisposition.Answered, FrameDisposition.Rejected });
        Assert.NotEmpty(sink.Frames);
        Assert.All(sink.Frames, f => Assert.InRange(f.Interface, 0, appliance.Interfaces.Count - 1));
        IReadOnlyList<ApplianceCounter> counters = appliance.GetCounters();
        Assert.Equal(1, counters.Single(c => c.Name == "frames-in").Value);
        Assert.Equal(sink.Frames.Count, counters.Single(c => c.Name == "frames-out").Value);
        Assert.Equal(counters.Count, counters.Select(c => c.Name).Distinct().Count());
    }

    [Fact]
    public void Process_TruncatedAndGarbageFrames_NeverThrowAndEmitOnlyWholeFrames()
    {
        NetworkAppliance appliance = Create();
        var sink = new RecordingSink();
        (int ingress, byte[] frame) = ActiveFrame;
        for (int length = 0; length < frame.Length; length++)
        {
            appliance.Process(ingress, frame.AsSpan(0, length).ToArray(), sink);
        }

        var random = new Random(6);
        for (int i = 0; i < 500; i++)
        {
            byte[] garbage = new byte[random.Next(0, 120)];
            random.NextBytes(garbage);
            if (garbage.Length > 13 && i % 2 == 0)
            {
                // Half of them claim to be IPv4 so that the IP parser sees nonsense too.
                garbage[12] = 0x08;
                garbage[13] = 0x00;
            }

            appliance.Process(random.Next(appliance.Interfaces.Count), garbage, sink);
        }

        Assert.All(sink.Frames, f =>
        {
            Assert.InRange(f.Interface, 0, appliance.Interfaces.Count - 1);
            Assert.True(f.Frame.Length >= 14, "an emitted frame has a whole Ethernet header");
        });
        Assert.Equal(frame.Length + 500, appliance.GetCounters().Single(c => c.Name == "frames-in").Value);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(64)]
    public void Process_NoSuchInterface_Throws(int ingress)
    {
        NetworkAppliance appliance = Create();
        Assert.Throws<ArgumentOutOfRangeException>(() => appliance.Process(ingress, ActiveFrame.Frame, new RecordingSink()));
    }

    [Fact]
    public void Tick_Idle_EmitsNothing()
    {
        NetworkAppliance appliance = Create();
        var sink = new RecordingSink();
        Time.Advance(TimeSpan.FromMinutes(10));
        appliance.Tick(sink);
        Assert.Empty(sink.Frames);
    }

    private sealed class OtherOptions : ApplianceOptions;
}
