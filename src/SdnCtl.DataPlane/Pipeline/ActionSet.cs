using System.Numerics;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.DataPlane.Pipeline;

/// <summary>
/// The action set a packet accumulates through write_actions (spec 5.10): at most one action of
/// each type (one set_field per field). Slots are numbered in the spec's execution order, so
/// executing the set is walking the set bits from low to high.
/// </summary>
internal sealed class ActionSet
{
    // Spec 5.10 order: copy TTL in, pop, push-MPLS, push-PBB, push-VLAN, copy TTL out, decrement TTL,
    // set (set_field and the TTL setters), qos, group, output.
    internal const int CopyTtlIn = 0;
    internal const int PopVlan = 1;
    internal const int PopMpls = 2;
    internal const int PopPbb = 3;
    internal const int PushMpls = 4;
    internal const int PushPbb = 5;
    internal const int PushVlan = 6;
    internal const int CopyTtlOut = 7;
    internal const int DecMplsTtl = 8;
    internal const int DecNwTtl = 9;
    internal const int SetMplsTtl = 10;
    internal const int SetNwTtl = 11;
    internal const int SetFieldBase = 12;
    internal const int SetQueue = SetFieldBase + OxmFields.Count;
    internal const int Group = SetQueue + 1;
    internal const int Output = Group + 1;
    private const int SlotCount = Output + 1;

    private readonly OfpAction[] _slots = new OfpAction[SlotCount];
    private ulong _occupied;

    /// <summary>True when no action is in the set.</summary>
    public bool IsEmpty => _occupied == 0;

    /// <summary>clear_actions.</summary>
    public void Clear() => _occupied = 0;

    /// <summary>write_actions: each action replaces the one of its type already in the set.</summary>
    public void Write(OfpAction[] actions)
    {
        foreach (ref readonly var a in actions.AsSpan())
        {
            int slot = SlotOf(a);
            if (slot >= 0)
            {
                _slots[slot] = a;
                _occupied |= 1UL << slot;
            }
        }
    }

    /// <summary>Whether a group action is in the set (then output is ignored).</summary>
    public bool HasGroup => (_occupied & (1UL << Group)) != 0;

    /// <summary>Takes the next action in execution order; false when the set is exhausted.</summary>
    public bool TryTakeNext(ref ulong cursor, out OfpAction action)
    {
        if (cursor == 0)
        {
            action = default;
            return false;
        }

        int slot = BitOperations.TrailingZeroCount(cursor);
        cursor &= cursor - 1;
        action = _slots[slot];
        return true;
    }

    /// <summary>The occupied slots, to walk with <see cref="TryTakeNext"/>.</summary>
    public ulong Snapshot() => HasGroup ? _occupied & ~(1UL << Output) : _occupied;

    /// <summary>Descriptions of the actions in order (traces).</summary>
    public IEnumerable<OfpAction> Actions
    {
        get
        {
            ulong c = Snapshot();
            while (TryTakeNext(ref c, out var a))
            {
                yield return a;
            }
        }
    }

    private static int SlotOf(in OfpAction a) => a.Type switch
    {
        OfpActionType.CopyTtlIn => CopyTtlIn,
        OfpActionType.PopVlan => PopVlan,
        OfpActionType.PopMpls => PopMpls,
        OfpActionType.PopPbb => PopPbb,
        OfpActionType.PushMpls => PushMpls,
        OfpActionType.PushPbb => PushPbb,
        OfpActionType.PushVlan => PushVlan,
        OfpActionType.CopyTtlOut => CopyTtlOut,
        OfpActionType.DecMplsTtl => DecMplsTtl,
        OfpActionType.DecNwTtl => DecNwTtl,
        OfpActionType.SetMplsTtl => SetMplsTtl,
        OfpActionType.SetNwTtl => SetNwTtl,
        OfpActionType.SetField => SetFieldBase + (int)a.Field.Field,
        OfpActionType.SetQueue => SetQueue,
        OfpActionType.Group => Group,
        OfpActionType.Output => Output,
        _ => -1,
    };
}
