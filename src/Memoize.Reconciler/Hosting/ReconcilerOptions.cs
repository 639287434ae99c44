using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Memoize.Core.Cache;
using Memoize.Core.Durations;

namespace Memoize.Reconciler.Hosting;

/// <summary>The reconciler's settings, read from flags and <c>MEMOIZE_*</c> environment variables (a flag wins).</summary>
public sealed partial record ReconcilerOptions
{
    /// <summary>The kubeconfig file to use; null = in-cluster, else KUBECONFIG, else ~/.kube/config.</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>The kubeconfig context to use; null = the kubeconfig's current-context.</summary>
    public string? Context { get; init; }

    /// <summary>Namespaces whose Workflows are watched; empty = all namespaces.</summary>
    public IReadOnlyList<string> Namespaces { get; init; } = [];

    /// <summary>The Argo workflow controller's namespace (where Argo keeps caches).</summary>
    public string ControllerNamespace { get; init; } = "argo";

    /// <summary>Whether caches live in the controller's namespace (Argo's way) or the workflow's.</summary>
    public CacheNamespaceMode CacheNamespaceMode { get; init; } = CacheNamespaceMode.Controller;

    /// <summary>Where cache ConfigMaps live, as lookups, stores and garbage collection compute it.</summary>
    public CacheNamespacePolicy CacheNamespacePolicy => new(CacheNamespaceMode, ControllerNamespace);

    /// <summary>Size budget per cache ConfigMap, in bytes as Kubernetes counts them.</summary>
    public long SizeBudgetBytes { get; init; } = 921600;

    /// <summary>Whether garbage collection runs.</summary>
    public bool GarbageCollection { get; init; } = true;

    /// <summary>How often garbage collection runs.</summary>
    public TimeSpan GarbageCollectionPeriod { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Entries not hit (nor created) for this long are deleted; zero turns this rule off.</summary>
    public TimeSpan GarbageCollectionNotHitFor { get; init; } = TimeSpan.FromDays(7);

    /// <summary>The Lease used for leader election.</summary>
    public string LeaseName { get; init; } = "memoize-reconciler";

    /// <summary>The Lease's namespace; null = the controller namespace.</summary>
    public string? LeaseNamespace { get; init; }

    /// <summary>How long a lease is valid without renewal; a standby takes over after at most this long.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before it gives up leadership.</summary>
    public TimeSpan LeaseRenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the lease is renewed or tried.</summary>
    public TimeSpan LeaseRetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>This replica's name in the Lease; null = host name plus a random suffix.</summary>
    public string? Identity { get; init; }

    /// <summary>Where /metrics, /healthz and /readyz are served (plain HTTP).</summary>
    public IPEndPoint MetricsAddress { get; init; } = new(IPAddress.Loopback, 8081);

    /// <summary>How often the leader looks at every Workflow again, to catch up on what changed outside them (e.g. a cache ConfigMap labelled since).</summary>
    public TimeSpan ResyncPeriod { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How many workflows are reconciled at once.</summary>
    public int Workers { get; init; } = 4;

    /// <summary>The Lease namespace in effect.</summary>
    public string EffectiveLeaseNamespace => LeaseNamespace ?? ControllerNamespace;

    /// <summary>The text printed for <c>--help</c>.</summary>
    public static string HelpText
    {
        get
        {
            var text = new StringBuilder();
            text.Append("Usage: memoize-reconciler [flags]\n\n");
            text.Append("Makes Argo Workflows memoization safe: looks up and stores cache entries for memoized nodes.\n");
            text.Append("Each flag can also be set with the environment variable shown; a flag wins over the variable.\n\n");
            foreach (var flag in Flags)
            {
                text.Append("  --").Append(flag.Name).Append(' ').Append(flag.ValueHint).Append('\n');
                text.Append("      ").Append(flag.Description).Append(" (env ").Append(flag.EnvironmentVariable).Append(")\n");
            }
            text.Append("  --help\n      Print this text.\n");
            return text.ToString();
        }
    }

    /// <summary>
    /// Reads options from environment variables, then flags (<c>--name value</c> or <c>--name=value</c>).
    /// On a bad value, <paramref name="error"/> says which flag or variable is wrong, what is accepted and an example.
    /// </summary>
    public static bool TryParse(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment, out ReconcilerOptions options, out string? error)
    {
        options = new ReconcilerOptions();
        error = null;
        foreach (var flag in Flags)
        {
            if (environment.TryGetValue(flag.EnvironmentVariable, out var value) && value.Length > 0)
            {
                if (!flag.TryApply(options, value, out options, out var problem))
                {
                    error = $"invalid value \"{value}\" for {flag.EnvironmentVariable}: {problem}";
                    return false;
                }
            }
        }

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                error = $"unexpected argument \"{arg}\": every setting is a flag like --workers 4; run with --help to see them";
                return false;
            }
            var name = arg[2..];
            string? value = null;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }
            var flag = Flags.FirstOrDefault(f => f.Name == name);
            if (flag is null && name == "no-gc" && value is null)
            {
                options = options with { GarbageCollection = false };
                continue;
            }
            if (flag is null)
            {
                error = $"unknown flag --{name}; run with --help to see every flag";
                return false;
            }
            if (value is null)
            {
                if (flag.IsSwitch)
                {
                    value = i + 1 < args.Count && ParseBool(args[i + 1]) is not null ? args[++i] : "true";
                }
                else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    value = args[++i];
                }
                else
                {
                    error = $"flag --{flag.Name} needs a value, e.g. --{flag.Name} {flag.Example}";
                    return false;
                }
            }
            if (!flag.TryApply(options, value, out options, out var problem))
            {
                error = $"invalid value \"{value}\" for --{flag.Name}: {problem}";
                return false;
            }
        }

        return CheckLeaseTimings(options, out error);
    }

    // client-go's rules: the lease must outlive the renew deadline, which must allow more than one retry.
    private static bool CheckLeaseTimings(ReconcilerOptions options, out string? error)
    {
        error = null;
        if (options.LeaseDuration <= options.LeaseRenewDeadline)
        {
            error = $"--lease-duration ({Show(options.LeaseDuration)}) must be longer than --lease-renew-deadline ({Show(options.LeaseRenewDeadline)}), e.g. --lease-duration 15s --lease-renew-deadline 10s";
        }
        else if (options.LeaseRenewDeadline <= options.LeaseRetryPeriod)
        {
            error = $"--lease-renew-deadline ({Show(options.LeaseRenewDeadline)}) must be longer than --lease-retry-period ({Show(options.LeaseRetryPeriod)}), e.g. --lease-renew-deadline 10s --lease-retry-period 2s";
        }
        return error is null;
    }

    private static string Show(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";

    private static readonly Flag[] Flags =
    [
        new("kubeconfig", "<path>", "~/.kube/config", "The kubeconfig file; default: in-cluster, else KUBECONFIG, else ~/.kube/config.",
            (o, v) => v.Length == 0 ? (null, "must be a file path") : (o with { Kubeconfig = v }, null), envName: "MEMOIZE_KUBECONFIG"),
        new("context", "<name>", "prod", "The kubeconfig context to use; default: the kubeconfig's current-context.",
            (o, v) => v.Length == 0 ? (null, "must be a context name from the kubeconfig") : (o with { Context = v }, null), envName: "MEMOIZE_CONTEXT"),
        new("namespaces", "<a,b,...>", "team-a,team-b", "Namespaces whose Workflows are watched, comma-separated; default: all namespaces.",
            (o, v) => ParseNamespaces(v) is { } list ? (o with { Namespaces = list }, null) : (null, "must be comma-separated namespace names (lowercase letters, digits and '-', at most 63 characters each)")),
        new("controller-namespace", "<name>", "argo", "The Argo workflow controller's namespace, where Argo keeps cache ConfigMaps. Default: argo.",
            (o, v) => IsNamespace(v) ? (o with { ControllerNamespace = v }, null) : (null, "must be a namespace name (lowercase letters, digits and '-', at most 63 characters)")),
        new("cache-namespace-mode", "controller|workflow", "controller", "Where cache ConfigMaps live: the controller's namespace (Argo's way) or each workflow's namespace. Default: controller.",
            (o, v) => v switch
            {
                "controller" => (o with { CacheNamespaceMode = CacheNamespaceMode.Controller }, null),
                "workflow" => (o with { CacheNamespaceMode = CacheNamespaceMode.Workflow }, null),
                _ => (null, "must be controller or workflow"),
            }),
        new("size-budget-bytes", "<bytes>", "921600", "Size budget per cache ConfigMap; writes beyond it evict expired, then least recently hit entries. Default: 921600 (900 KiB).",
            (o, v) => long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1024 and <= 1048576
                ? (o with { SizeBudgetBytes = n }, null)
                : (null, "must be a whole number of bytes from 1024 to 1048576 (the Kubernetes limit)")),
        new("gc", "[=true|false]", "false", "Garbage-collect cache entries (on by default; --gc=false or --no-gc turns it off).",
            (o, v) => ParseBool(v) is { } b ? (o with { GarbageCollection = b }, null) : (null, "must be true or false"), isSwitch: true),
        new("gc-period", "<duration>", "10m", "How often garbage collection runs, as a Go duration. Default: 10m.",
            (o, v) => ParsePositiveDuration(v, out var d, out var problem) ? (o with { GarbageCollectionPeriod = d }, null) : (null, problem)),
        new("gc-not-hit-for", "<duration>", "168h", "Delete entries not hit (nor created) for this long, as a Go duration; 0 turns this rule off. Default: 168h.",
            (o, v) => ParseDuration(v, allowZero: true, out var d, out var problem) ? (o with { GarbageCollectionNotHitFor = d }, null) : (null, problem)),
        new("lease-name", "<name>", "memoize-reconciler", "The Lease used for leader election. Default: memoize-reconciler.",
            (o, v) => IsObjectName(v) ? (o with { LeaseName = v }, null) : (null, "must be a lowercase RFC 1123 subdomain (lowercase letters, digits, '-' and '.')")),
        new("lease-namespace", "<name>", "argo", "The Lease's namespace. Default: the controller namespace.",
            (o, v) => IsNamespace(v) ? (o with { LeaseNamespace = v }, null) : (null, "must be a namespace name (lowercase letters, digits and '-', at most 63 characters)")),
        new("lease-duration", "<duration>", "15s", "How long the lease lasts without renewal; a standby replica takes over within it. Default: 15s.",
            (o, v) => ParsePositiveDuration(v, out var d, out var problem) ? (o with { LeaseDuration = d }, null) : (null, problem)),
        new("lease-renew-deadline", "<duration>", "10s", "How long the leader tries to renew before it stops leading. Default: 10s.",
            (o, v) => ParsePositiveDuration(v, out var d, out var problem) ? (o with { LeaseRenewDeadline = d }, null) : (null, problem)),
        new("lease-retry-period", "<duration>", "2s", "How often the lease is renewed or tried. Default: 2s.",
            (o, v) => ParsePositiveDuration(v, out var d, out var problem) ? (o with { LeaseRetryPeriod = d }, null) : (null, problem)),
        new("identity", "<name>", "reconciler-0", "This replica's name in the Lease. Default: POD_NAME or the host name, plus a random suffix.",
            (o, v) => v.Length is > 0 and <= 128 ? (o with { Identity = v }, null) : (null, "must be 1 to 128 characters")),
        new("metrics-address", "<ip:port>", "127.0.0.1:8081", "Where /metrics, /healthz and /readyz are served over plain HTTP. Default: 127.0.0.1:8081.",
            (o, v) => ParseEndPoint(v) is { } e ? (o with { MetricsAddress = e }, null) : (null, "must be an IP address and port like 127.0.0.1:8081, 0.0.0.0:8081, [::]:8081 or :8081")),
        new("resync-period", "<duration>", "10m", "How often the leader looks at every Workflow again (e.g. after a cache ConfigMap was labelled). Default: 10m.",
            (o, v) => ParsePositiveDuration(v, out var d, out var problem) ? (o with { ResyncPeriod = d }, null) : (null, problem)),
        new("workers", "<count>", "4", "How many workflows are reconciled at once. Default: 4.",
            (o, v) => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 64
                ? (o with { Workers = n }, null)
                : (null, "must be a whole number from 1 to 64")),
    ];

    private static IReadOnlyList<string>? ParseNamespaces(string value)
    {
        var names = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return names.Length > 0 && names.All(IsNamespace) ? names.Distinct(StringComparer.Ordinal).ToArray() : null;
    }

    private static bool IsNamespace(string value) => value.Length <= 63 && NamespaceRegex().IsMatch(value);

    private static bool IsObjectName(string value) => Memoize.Core.Keys.ConfigMapName.IsValid(value);

    private static bool? ParseBool(string value) => value.ToLowerInvariant() switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => null,
    };

    private static bool ParsePositiveDuration(string value, out TimeSpan duration, out string problem)
        => ParseDuration(value, allowZero: false, out duration, out problem);

    private static bool ParseDuration(string value, bool allowZero, out TimeSpan duration, out string problem)
    {
        duration = TimeSpan.Zero;
        if (!GoDuration.TryParse(value, out var parsed, out var goError))
        {
            problem = $"{goError}; use a Go duration with units h, m, s or ms";
            return false;
        }
        duration = parsed.ToTimeSpan();
        if (duration < TimeSpan.Zero || (duration == TimeSpan.Zero && !allowZero))
        {
            problem = allowZero ? "must not be negative" : "must be positive";
            return false;
        }
        problem = "";
        return true;
    }

    private static IPEndPoint? ParseEndPoint(string value)
    {
        if (value.StartsWith(':'))
        {
            value = "0.0.0.0" + value;
        }
        var colon = value.LastIndexOf(':');
        if (colon < 0 || colon == value.Length - 1)
        {
            return null; // the port is required
        }
        return IPEndPoint.TryParse(value, out var endPoint) ? endPoint : null;
    }

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamespaceRegex();

    private sealed class Flag(
        string name,
        string valueHint,
        string example,
        string description,
        Func<ReconcilerOptions, string, (ReconcilerOptions? Options, string? Problem)> apply,
        bool isSwitch = false,
        string? envName = null)
    {
        public string Name => name;

        public string ValueHint => valueHint;

        public string Example => example;

        public string Description => description;

        public bool IsSwitch => isSwitch;

        public string EnvironmentVariable => envName ?? "MEMOIZE_" + name.Replace('-', '_').ToUpperInvariant();

        public bool TryApply(ReconcilerOptions current, string value, out ReconcilerOptions next, out string? problem)
        {
            var (options, error) = apply(current, value);
            next = options ?? current;
            problem = error is null ? null : $"{error}, e.g. --{name} {example}";
            return options is not null;
        }
    }
}
