using System.Security.Authentication;
using Memoize.Webhook.Admission;
using Memoize.Webhook.Admission.Decorators;
using Memoize.Webhook.Caches;
using Memoize.Webhook.Metrics;
using Memoize.Webhook.Mutation;
using Memoize.Webhook.Rbac;
using Memoize.Webhook.Validation;
using Memoize.Observability;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using OpenTelemetry.Metrics;

namespace Memoize.Webhook.Host;

/// <summary>Builds the webhook's ASP.NET Core application: two Kestrel listeners, the admission endpoints with their decorators, health and metrics.</summary>
public static class WebhookHost
{
    /// <summary>
    /// Builds (does not start) the application. <paramref name="configureLogging"/> replaces the default JSON console
    /// logging (tests capture logs with it).
    /// </summary>
    public static WebApplication Build(WebhookOptions options, WebhookDependencies dependencies, Action<ILoggingBuilder>? configureLogging = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        if (configureLogging is null)
        {
            builder.Logging.AddJsonConsole(json =>
            {
                json.IncludeScopes = true;
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            });
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
            // Off: while this category is enabled at any level, ASP.NET Core starts an Activity and a log scope for
            // every request, which no line of ours reads (each review has its own scope with the uid). It logs only
            // per-request lines below Warning and a startup failure, which also ends the process with its exception.
            builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        }
        else
        {
            configureLogging(builder.Logging);
        }

        builder.Services.AddMetrics();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        builder.Services.AddPrometheusScrapeEndpoint(
            WebhookMetrics.ExportedMeterNames,
            sp => WebhookMetrics.IsExported(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        dependencies.ConfigureServices?.Invoke(builder.Services);

        // Created right after Build (it logs through the host's loggers); the first handshake comes later, at start.
        ServingCertificate? certificate = null;
        builder.Services.AddSingleton(sp =>
        {
            // The exporter must listen before the counters' first (zero) values are recorded.
            sp.GetRequiredService<MeterProvider>();
            return new WebhookMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), () => certificate?.NotAfter);
        });

        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Above the admission limit, so that the adapter reads an oversized body to its end and answers 413
            // instead of Kestrel resetting the connection before the client reads anything.
            kestrel.Limits.MaxRequestBodySize = AdmissionHttpAdapter.DrainLimit(options.MaxRequestBodyBytes);
            kestrel.Listen(options.AdmissionEndpoint, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                ServerCertificateSelector = (_, _) => certificate?.Current,
            }));
            kestrel.Listen(options.HealthEndpoint);
        });

        var app = builder.Build();
        var certificateLogger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Memoize.Webhook.ServingCertificate");
        var serving = options.Dev && options.TlsCertFile is null
            ? ServingCertificate.Fixed(DevCertificate.Create(), certificateLogger)
            : ServingCertificate.FromFiles(options.TlsCertFile!, options.TlsKeyFile!, options.CertificateRecheckInterval, dependencies.Time, certificateLogger);
        certificate = serving;
        var metrics = app.Services.GetRequiredService<WebhookMetrics>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Memoize.Webhook.Admission");
        var index = dependencies.CacheIndex ?? EmptyIndex(options);
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        var stopping = false;
        lifetime.ApplicationStopping.Register(() => stopping = true);
        lifetime.ApplicationStarted.Register(() =>
        {
            var message = dependencies.StartMessage ?? (dependencies.HasCluster ? null : WebhookDependencies.NoClusterMessage);
            if (message is not null)
            {
                logger.LogInformation("{ClusterMode}", message);
            }
        });
        app.Lifetime.ApplicationStopped.Register(serving.Dispose);

        var validate = new AdmissionHttpAdapter("validate", Decorate("validate", new ValidationHandler(dependencies.Rules), FailurePolicy.Fail, metrics, logger), metrics, logger, options.MaxRequestBodyBytes);
        var mutate = new AdmissionHttpAdapter("mutate", Decorate("mutate", MutationHandlerFor(options, dependencies, index, metrics, logger), FailurePolicy.Ignore, metrics, logger), metrics, logger, options.MaxRequestBodyBytes);

        // The two admission routes are answered here, before endpoint routing, which costs each request a route
        // match and an endpoint selection that these two fixed paths do not need. Anything else (another method,
        // the plain listener, a trailing slash) goes on to routing, which answers it as before (405, 404).
        app.Use((context, next) =>
        {
            if (context.Request.IsHttps && HttpMethods.IsPost(context.Request.Method))
            {
                var path = context.Request.Path.Value;
                if (string.Equals(path, "/validate", StringComparison.OrdinalIgnoreCase))
                {
                    return validate.HandleAsync(context);
                }

                if (string.Equals(path, "/mutate", StringComparison.OrdinalIgnoreCase))
                {
                    return mutate.HandleAsync(context);
                }
            }

            return next(context);
        });
        app.UseRouting();
        app.Use(async (context, next) =>
        {
            // Admission only over TLS, health and metrics only on the plain listener.
            if (context.GetEndpoint()?.Metadata.GetMetadata<ListenerRole>() is { } role && role.IsAdmission != context.Request.IsHttps)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            await next(context);
        });
        app.MapPost("/validate", validate.HandleAsync).WithMetadata(ListenerRole.Admission);
        app.MapPost("/mutate", mutate.HandleAsync).WithMetadata(ListenerRole.Admission);
        app.MapGet("/healthz", () => Results.Text("ok\n")).WithMetadata(ListenerRole.Health);
        app.MapGet("/readyz", () =>
        {
            var problems = new List<string>();
            if (!serving.IsLoaded)
            {
                problems.Add($"serving certificate not loaded: {serving.LastError}");
            }
            else if (serving.ValidityProblem() is { } invalid)
            {
                problems.Add(invalid);
            }

            if (!index.IsSynced)
            {
                problems.Add("the cache ConfigMap index has not synced yet");
            }

            if (stopping)
            {
                problems.Add("shutting down");
            }

            return problems.Count == 0
                ? Results.Text("ok\n")
                : Results.Text(string.Join("\n", problems) + "\n", statusCode: StatusCodes.Status503ServiceUnavailable);
        }).WithMetadata(ListenerRole.Health);
        app.MapPrometheusScrapeEndpoint().WithMetadata(ListenerRole.Health);
        return app;
    }

    private static IAdmissionHandler Decorate(string endpoint, IAdmissionHandler core, FailurePolicy policy, WebhookMetrics metrics, ILogger logger) =>
        new LoggedAdmissionHandler(
            new MeteredAdmissionHandler(
                new FailurePolicyGuard(new UnchangedSpecFilter(core), policy, endpoint, metrics, logger),
                endpoint,
                metrics),
            endpoint,
            logger);

    private static MutationHandler MutationHandlerFor(WebhookOptions options, WebhookDependencies dependencies, ICacheConfigMapIndex index, WebhookMetrics metrics, ILogger logger)
    {
        var reviewer = dependencies.AccessReviewer is null
            ? null
            : new CachedAccessReviewer(dependencies.AccessReviewer, dependencies.Time, options.AccessReviewCacheTimeToLive);
        var rbacCheck = reviewer is null ? null : new ControllerRbacCheck(reviewer, options.ControllerServiceAccount, options.CacheGc, metrics, logger);
        var hints = new ArgoObjectHints(rbacCheck, dependencies.ConfigMapReader, options.CacheNamespacePolicy, metrics, logger);
        return new MutationHandler(new ConfigMapCacheLabeling(index), hints, options.LookupBudget, dependencies.Time);
    }

    private static CacheConfigMapIndex EmptyIndex(WebhookOptions options)
    {
        var index = new CacheConfigMapIndex(options.CacheNamespacePolicy);
        index.MarkSynced();
        return index;
    }
}
