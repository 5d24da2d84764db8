using SdnCtl.Control.Forwarding;
using SdnCtl.Control.Network;

namespace SdnCtl.Control.Tests.Forwarding;

/// <summary>The route tree's hop table and ingress set, held inline for one entry and in a map or set past it.</summary>
public class RouteTreeTests
{
    private static readonly SwitchPort Root = new(1, 2);

    [Fact]
    public void AddHop_PastOne_KeepsEveryHopFindable()
    {
        var tree = new RouteTree(0xb, Root);
        tree.AddHop(1, 2);
        tree.AddHop(3, 5);
        tree.AddHop(4, 6);

        Assert.Equal(3, tree.HopCount);
        Assert.True(tree.TryGetHop(1, out uint p1));
        Assert.Equal(2u, p1);
        Assert.True(tree.TryGetHop(3, out uint p3));
        Assert.Equal(5u, p3);
        Assert.False(tree.ContainsHop(2));
        var all = new Dictionary<ulong, uint>();
        tree.CopyHopsTo(all);
        Assert.Equal(new Dictionary<ulong, uint> { [1] = 2, [3] = 5, [4] = 6 }, all);
    }

    [Fact]
    public void AddHop_SameSwitchTwice_Throws()
    {
        var tree = new RouteTree(0xb, Root);
        tree.AddHop(1, 2);
        Assert.Throws<ArgumentException>(() => tree.AddHop(1, 3));
        tree.AddHop(7, 3);
        Assert.Throws<ArgumentException>(() => tree.AddHop(7, 4));
    }

    [Fact]
    public void RemoveHop_InlineAndMapped_RemovesOnlyThatSwitch()
    {
        var tree = new RouteTree(0xb, Root);
        tree.AddHop(1, 2);
        Assert.False(tree.RemoveHop(9));
        Assert.True(tree.RemoveHop(1));
        Assert.Equal(0, tree.HopCount);
        Assert.False(tree.ContainsHop(1));

        tree.AddHop(1, 2);
        tree.AddHop(3, 5);
        Assert.True(tree.RemoveHop(1));
        Assert.False(tree.RemoveHop(1));
        Assert.Equal(1, tree.HopCount);
        Assert.True(tree.ContainsHop(3));

        tree.ClearHops();
        Assert.Equal(0, tree.HopCount);
        Assert.False(tree.ContainsHop(3));
    }

    [Fact]
    public void Ingresses_AddedTwiceOrRemoved_ListEachOnce()
    {
        var tree = new RouteTree(0xb, Root);
        var list = new List<ulong>();
        tree.CopyIngressesTo(list);
        Assert.Empty(list);

        tree.AddIngress(1);
        tree.AddIngress(1);
        tree.CopyIngressesTo(list);
        Assert.Equal([1ul], list);

        tree.AddIngress(4);
        tree.AddIngress(6);
        tree.RemoveIngress(4);
        tree.RemoveIngress(9);
        list.Clear();
        tree.CopyIngressesTo(list);
        list.Sort();
        Assert.Equal([1ul, 6ul], list);

        var single = new RouteTree(0xc, Root);
        single.AddIngress(5);
        single.RemoveIngress(5);
        list.Clear();
        single.CopyIngressesTo(list);
        Assert.Empty(list);
    }
}
