namespace SdnCtl.Nfv;

/// <summary>Base for a kind with typed options: validates them before creating the appliance.</summary>
/// <typeparam name="TOptions">The kind's options.</typeparam>
public abstract class ApplianceKind<TOptions> : IApplianceKind
    where TOptions : ApplianceOptions
{
    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public Type OptionsType => typeof(TOptions);

    /// <inheritdoc/>
    public NetworkAppliance Create(ApplianceOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        if (options is not TOptions typed)
        {
            throw new ArgumentException($"Kind '{Name}' takes {typeof(TOptions).Name}, not {options.GetType().Name}.", nameof(options));
        }

        IReadOnlyList<OptionError> errors = typed.Validate();
        if (errors.Count > 0)
        {
            throw new ApplianceOptionsException(errors);
        }

        return CreateCore(typed, time);
    }

    /// <summary>Creates the appliance from options that passed validation.</summary>
    protected abstract NetworkAppliance CreateCore(TOptions options, TimeProvider time);
}
