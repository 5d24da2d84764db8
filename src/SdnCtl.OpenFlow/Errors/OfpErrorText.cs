using System.Globalization;

namespace SdnCtl.OpenFlow.Errors;

/// <summary>Names OFPT_ERROR codes by the spec enum of their type.</summary>
public static class OfpErrorText
{
    /// <summary>The spec name of <paramref name="code"/> within <paramref name="type"/> (OFPFMFC_TABLE_FULL is <c>TableFull</c>), or the number.</summary>
    public static string Name(OfpErrorType type, ushort code) => type switch
    {
        OfpErrorType.HelloFailed => Of<HelloFailedCode>(code),
        OfpErrorType.BadRequest => Of<BadRequestCode>(code),
        OfpErrorType.BadAction => Of<BadActionCode>(code),
        OfpErrorType.BadInstruction => Of<BadInstructionCode>(code),
        OfpErrorType.BadMatch => Of<BadMatchCode>(code),
        OfpErrorType.FlowModFailed => Of<FlowModFailedCode>(code),
        OfpErrorType.GroupModFailed => Of<GroupModFailedCode>(code),
        OfpErrorType.PortModFailed => Of<PortModFailedCode>(code),
        OfpErrorType.TableModFailed => Of<TableModFailedCode>(code),
        OfpErrorType.QueueOpFailed => Of<QueueOpFailedCode>(code),
        OfpErrorType.SwitchConfigFailed => Of<SwitchConfigFailedCode>(code),
        OfpErrorType.RoleRequestFailed => Of<RoleRequestFailedCode>(code),
        OfpErrorType.MeterModFailed => Of<MeterModFailedCode>(code),
        OfpErrorType.TableFeaturesFailed => Of<TableFeaturesFailedCode>(code),
        _ => code.ToString(CultureInfo.InvariantCulture),
    };

    private static string Of<TCode>(ushort code)
        where TCode : struct, Enum =>
        Enum.GetName(typeof(TCode), code) ?? code.ToString(CultureInfo.InvariantCulture);
}
