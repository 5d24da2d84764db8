using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Features;
using Scalar.AspNetCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SdnCtl.Api.Auth;
using SdnCtl.Api.Endpoints;
using SdnCtl.Api.Flows;
using SdnCtl.Api.Infrastructure;
using SdnCtl.Api.Metrics;
using Prometheus;
using SdnCtl.Control;
using SdnCtl.Control.Statistics;
using SdnCtl.Control.Store;

namespace SdnCtl.Api;

/// <summary>Registers and maps the northbound REST API (<c>/api/v1</c>, <c>/health</c>, <c>/openapi/v1.json</c>, <c>/scalar</c>).</summary>
public static class SdnCtlApi
{
    /// <summary>Adds JSON options, problem details and the OpenAPI document.</summary>
    public static IServiceCollection AddSdnCtlApi(this IServiceCollection services)
    {
        AddJsonAndProblems(services);
        // The host hands the same log to the southbound (through ErrorRecordingSink); without one
        // (tests of the API alone) errors are simply not recorded.
        services.TryAddSingleton<SwitchErrorLog>();
        services.TryAddSingleton<FlowInstaller>();
        services.TryAddSingleton<ControllerMetrics>();
        services.TryAddSingleton<IControllerStore, InMemoryControllerStore>();
        services.TryAddSingleton(sp => new ApiKeys(sp.GetRequiredService<IControllerStore>()));
        services.TryAddSingleton<StaticFlows>();
        services.TryAddSingleton<Events.EventStreamOptions>();
        services.AddHostedService<StaticFlowReconciler>();
        services.AddHostedService<Intents.IntentRestorer>();
        services.TryAddSingleton<Chains.ChainOwnership>();
        services.AddHostedService<Chains.ChainRestorer>();

        // Statistics: the collector polls with the host's options (StatisticsOptions, a TimeProvider) when registered, else the defaults.
        services.TryAddSingleton(sp => new StatisticsCollector(
            sp.GetRequiredService<IControlPlane>(),
            sp.GetService<StatisticsOptions>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<StatisticsCollector>>()));
        services.AddHostedService<Statistics.StatisticsPolling>();
        services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "SdnCtl";
            doc.Info.Description = "Northbound REST API of the SdnCtl OpenFlow 1.3 controller.";
            return Task.CompletedTask;
        }).AddRequestExamples());
        return services;
    }

    /// <summary>
    /// Adds what <c>sdnctl sim --api</c> serves: the simulator controls alone (<c>/api/v1/sim/ping</c>,
    /// <c>/sim/connect</c>, <c>/sim/links/{a}/{b}/down|up</c>) and <c>/health</c>, for a simulated network that
    /// runs in a process of its own, apart from the controller. The app must have an
    /// <see cref="Simulation.ISimulatorControl"/> registered.
    /// </summary>
    public static IServiceCollection AddSimulatorApi(this IServiceCollection services)
    {
        AddJsonAndProblems(services);
        return services;
    }

    /// <summary>Maps the endpoints of <see cref="AddSimulatorApi"/>.</summary>
    public static WebApplication MapSimulatorApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapGet("/health", (Simulation.ISimulatorControl simulator) => TypedResults.Ok(new
        {
            status = "ok",
            simulator = true,
            switches = simulator.Inventory.Switches.Count,
            hosts = simulator.Inventory.Hosts.Count,
        })).WithTags("Health").WithSummary("Liveness of the simulated network.");
        var api = app.MapGroup("/api/v1");
        SimulatorEndpoints.Map(api);
        ConnectEndpoints.Map(api);
        return app;
    }

    /// <summary>JSON as the API speaks it, and problem+json for every error, shared by both APIs.</summary>
    private static void AddJsonAndProblems(IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });

        // Body binding failures (malformed JSON, wrong types, unknown fields) throw so that the
        // problem details say what was wrong instead of a bare 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            // An oversized body is bad input like any other (issue 8): 400 naming the body and the limit, not
            // Kestrel's 413. It comes as the exception, or (a body bound by the endpoint, which catches it) as the status alone.
            if (ctx.ProblemDetails.Status == StatusCodes.Status413PayloadTooLarge || ctx.Exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                long? limit = ctx.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
                ctx.HttpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
                ctx.ProblemDetails.Status = StatusCodes.Status400BadRequest;
                ctx.ProblemDetails.Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1";
                ctx.ProblemDetails.Title = "The request body is not valid";
                ctx.ProblemDetails.Detail = $"the request body is larger than the limit of {limit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} bytes; nothing was changed";
                ctx.ProblemDetails.Extensions["field"] = "body";
            }
            else if (ctx.Exception is BadHttpRequestException bad)
            {
                ctx.HttpContext.Response.StatusCode = bad.StatusCode;
                ctx.ProblemDetails.Status = bad.StatusCode;
                ctx.ProblemDetails.Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1";
                ctx.ProblemDetails.Title = "The request body is not valid";
                ctx.ProblemDetails.Detail = bad.InnerException is System.Text.Json.JsonException json
                    ? $"{json.Message}"
                    : bad.Message;
                // The JSON path of the bad value; a body that is missing, too large or not JSON at all is the body's fault.
                ctx.ProblemDetails.Extensions["field"] = bad.InnerException is System.Text.Json.JsonException { Path: { Length: > 0 } path } ? path : "body";
            }
        });
    }

    /// <summary>Maps every endpoint. The app must have an <see cref="IControlPlane"/> registered.</summary>
    public static WebApplication MapSdnCtlApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use((context, next) => ApiKeyMiddleware.InvokeAsync(context, () => next()));

        // REST latency histogram (http_request_duration_seconds) by route, method and status.
        var metrics = app.Services.GetRequiredService<ControllerMetrics>();
        app.UseRouting();
        // Tenant keys reach only the endpoints marked for them, and only their own tenant (TenantAccess).
        app.Use((context, next) => TenantAccess.InvokeAsync(context, () => next()));
        app.UseHttpMetrics(o => o.SetMetricFactory(Prometheus.Metrics.WithCustomRegistry(metrics.Registry)));
        app.MapMetrics("/metrics", metrics.Registry);

        app.MapOpenApi();
        app.MapScalarApiReference(o => o.WithTitle("SdnCtl API"));

        app.MapGet("/health", (IControlPlane cp) => TypedResults.Ok(new
        {
            status = "ok",
            switches = cp.Topology.Switches.Length,
            links = cp.Topology.Links.Length,
            hosts = cp.Topology.Hosts.Length,
            version = cp.Topology.Version,
        })).WithTags("Health").WithSummary("Liveness and a one-line view of the network.");

        var api = app.MapGroup("/api/v1");
        api.MapGet("/stats", (IControlPlane cp) =>
        {
            var s = cp.Stats;
            return TypedResults.Ok(new
            {
                s.PacketIns,
                s.PacketInsDropped,
                s.FlowModsSent,
                s.PacketOutsSent,
                s.LldpProbesSent,
                s.Floods,
                s.ProxyArpReplies,
                s.Unreachable,
                s.Reroutes,
                s.ReroutedDestinations,
                LastRerouteMs = s.LastRerouteDuration.TotalMilliseconds,
                LastRerouteQueueMs = s.LastRerouteQueueWait.TotalMilliseconds,
                LastRerouteCpuMs = s.LastRerouteCpuTime?.TotalMilliseconds,
                MaxRerouteMs = s.MaxRerouteDuration.TotalMilliseconds,
                s.SwitchErrors,
                s.InstalledRoutes,
                s.InstalledRules,
            });
        }).WithTags("Statistics").WithSummary("Controller counters: packet-ins, flow-mods, floods, reroutes and how long the last one took on the control loop.");

        TopologyEndpoints.Map(api);
        FlowEndpoints.Map(api);
        EventEndpoints.Map(api);
        KeyEndpoints.Map(api);
        SimulatorEndpoints.Map(api);
        PathEndpoints.Map(api);
        TenantEndpoints.Map(api);
        CaptureEndpoints.Map(api);
        IntentEndpoints.Map(api);
        ChainEndpoints.Map(api);
        ConnectEndpoints.Map(api);
        ApplianceEndpoints.Map(api);
        StatsEndpoints.Map(api);
        return app;
    }
}
