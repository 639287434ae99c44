using System.Net;
using Memoize.Core.Cache;
using Memoize.Reconciler.Hosting;

namespace Memoize.Reconciler.Tests.Hosting;

public class ReconcilerOptionsTests
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    private static ReconcilerOptions Parse(params string[] args)
    {
        Assert.True(ReconcilerOptions.TryParse(args, NoEnvironment, out var options, out var error), error);
        return options;
    }

    private static string ErrorOf(string[] args, Dictionary<string, string>? environment = null)
    {
        Assert.False(ReconcilerOptions.TryParse(args, environment ?? NoEnvironment, out _, out var error));
        return error!;
    }

    [Fact]
    public void Defaults_follow_argo_and_the_documented_values()
    {
        var options = Parse();

        Assert.Empty(options.Namespaces);
        Assert.Equal("argo", options.ControllerNamespace);
        Assert.Equal(CacheNamespaceMode.Controller, options.CacheNamespaceMode);
        Assert.Equal(921600, options.SizeBudgetBytes);
        Assert.True(options.GarbageCollection);
        Assert.Equal(TimeSpan.FromMinutes(10), options.GarbageCollectionPeriod);
        Assert.Equal(TimeSpan.FromDays(7), options.GarbageCollectionNotHitFor);
        Assert.Equal("memoize-reconciler", options.LeaseName);
        Assert.Equal("argo", options.EffectiveLeaseNamespace);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 8081), options.MetricsAddress);
        Assert.Equal(4, options.Workers);
        Assert.Equal(TimeSpan.FromMinutes(10), options.ResyncPeriod);
    }

    [Fact]
    public void Flags_set_every_option_in_both_spellings()
    {
        var options = Parse("--namespaces", "team-a, team-b", "--controller-namespace=workflows", "--cache-namespace-mode", "workflow",
            "--size-budget-bytes=500000", "--gc=false", "--gc-period", "1m", "--gc-not-hit-for", "0", "--lease-name", "memo",
            "--lease-namespace", "memoize-system", "--lease-duration", "6s", "--lease-renew-deadline", "4s", "--lease-retry-period", "1s",
            "--identity", "pod-1", "--metrics-address", ":9090", "--workers", "8", "--kubeconfig", "/tmp/kc", "--context", "staging", "--resync-period", "30s");

        Assert.Equal(["team-a", "team-b"], options.Namespaces);
        Assert.Equal("workflows", options.ControllerNamespace);
        Assert.Equal(CacheNamespaceMode.Workflow, options.CacheNamespaceMode);
        Assert.Equal(500000, options.SizeBudgetBytes);
        Assert.False(options.GarbageCollection);
        Assert.Equal(TimeSpan.FromMinutes(1), options.GarbageCollectionPeriod);
        Assert.Equal(TimeSpan.Zero, options.GarbageCollectionNotHitFor);
        Assert.Equal("memo", options.LeaseName);
        Assert.Equal("memoize-system", options.EffectiveLeaseNamespace);
        Assert.Equal(TimeSpan.FromSeconds(6), options.LeaseDuration);
        Assert.Equal(TimeSpan.FromSeconds(4), options.LeaseRenewDeadline);
        Assert.Equal(TimeSpan.FromSeconds(1), options.LeaseRetryPeriod);
        Assert.Equal("pod-1", options.Identity);
        Assert.Equal(new IPEndPoint(IPAddress.Any, 9090), options.MetricsAddress);
        Assert.Equal(8, options.Workers);
        Assert.Equal("/tmp/kc", options.Kubeconfig);
        Assert.Equal("staging", options.Context);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ResyncPeriod);
    }

    [Fact]
    public void The_context_comes_from_MEMOIZE_CONTEXT_unless_the_flag_names_one()
    {
        Dictionary<string, string> environment = new() { ["MEMOIZE_CONTEXT"] = "from-env" };

        Assert.True(ReconcilerOptions.TryParse([], environment, out var fromEnvironment, out _));
        Assert.True(ReconcilerOptions.TryParse(["--context", "from-flag"], environment, out var fromFlag, out _));
        Assert.Equal("from-env", fromEnvironment.Context);
        Assert.Equal("from-flag", fromFlag.Context);
        Assert.Null(Parse().Context);
    }

    [Theory]
    [InlineData(new[] { "--no-gc" }, false)]
    [InlineData(new[] { "--gc" }, true)]
    [InlineData(new[] { "--gc", "false" }, false)]
    [InlineData(new[] { "--gc=0" }, false)]
    public void Gc_is_a_switch(string[] args, bool expected) => Assert.Equal(expected, Parse(args).GarbageCollection);

    [Fact]
    public void Environment_variables_set_options_and_flags_win()
    {
        var environment = new Dictionary<string, string>
        {
            ["MEMOIZE_WORKERS"] = "2",
            ["MEMOIZE_CONTROLLER_NAMESPACE"] = "from-env",
            ["MEMOIZE_CACHE_NAMESPACE_MODE"] = "workflow",
        };

        Assert.True(ReconcilerOptions.TryParse(["--workers", "3"], environment, out var options, out _));

        Assert.Equal(3, options.Workers);
        Assert.Equal("from-env", options.ControllerNamespace);
        Assert.Equal(CacheNamespaceMode.Workflow, options.CacheNamespaceMode);
    }

    [Theory]
    [InlineData(new[] { "--workers", "0" }, "invalid value \"0\" for --workers: must be a whole number from 1 to 64, e.g. --workers 4")]
    [InlineData(new[] { "--workers=many" }, "invalid value \"many\" for --workers: must be a whole number from 1 to 64, e.g. --workers 4")]
    [InlineData(new[] { "--cache-namespace-mode", "cluster" }, "invalid value \"cluster\" for --cache-namespace-mode: must be controller or workflow, e.g. --cache-namespace-mode controller")]
    [InlineData(new[] { "--size-budget-bytes", "2000000" }, "invalid value \"2000000\" for --size-budget-bytes: must be a whole number of bytes from 1024 to 1048576 (the Kubernetes limit), e.g. --size-budget-bytes 921600")]
    [InlineData(new[] { "--namespaces", "Team_A" }, "invalid value \"Team_A\" for --namespaces: must be comma-separated namespace names (lowercase letters, digits and '-', at most 63 characters each), e.g. --namespaces team-a,team-b")]
    [InlineData(new[] { "--metrics-address", "127.0.0.1" }, "invalid value \"127.0.0.1\" for --metrics-address: must be an IP address and port like 127.0.0.1:8081, 0.0.0.0:8081, [::]:8081 or :8081, e.g. --metrics-address 127.0.0.1:8081")]
    [InlineData(new[] { "--gc-period", "1d" }, "invalid value \"1d\" for --gc-period: time: unknown unit \"d\" in duration \"1d\"; use a Go duration with units h, m, s or ms, e.g. --gc-period 10m")]
    [InlineData(new[] { "--gc-period", "0s" }, "invalid value \"0s\" for --gc-period: must be positive, e.g. --gc-period 10m")]
    [InlineData(new[] { "--gc-not-hit-for", "-1h" }, "invalid value \"-1h\" for --gc-not-hit-for: must not be negative, e.g. --gc-not-hit-for 168h")]
    [InlineData(new[] { "--gc=maybe" }, "invalid value \"maybe\" for --gc: must be true or false, e.g. --gc false")]
    [InlineData(new[] { "--workers" }, "flag --workers needs a value, e.g. --workers 4")]
    [InlineData(new[] { "--wrokers", "4" }, "unknown flag --wrokers; run with --help to see every flag")]
    [InlineData(new[] { "argo" }, "unexpected argument \"argo\": every setting is a flag like --workers 4; run with --help to see them")]
    [InlineData(new[] { "--lease-duration", "5s" }, "--lease-duration (5s) must be longer than --lease-renew-deadline (10s), e.g. --lease-duration 15s --lease-renew-deadline 10s")]
    [InlineData(new[] { "--lease-retry-period", "10s" }, "--lease-renew-deadline (10s) must be longer than --lease-retry-period (10s), e.g. --lease-renew-deadline 10s --lease-retry-period 2s")]
    public void A_bad_flag_gets_a_message_naming_it_with_what_is_accepted(string[] args, string expected) => Assert.Equal(expected, ErrorOf(args));

    [Fact]
    public void A_bad_environment_variable_is_named_in_the_message()
    {
        var error = ErrorOf([], new Dictionary<string, string> { ["MEMOIZE_WORKERS"] = "-1" });

        Assert.Equal("invalid value \"-1\" for MEMOIZE_WORKERS: must be a whole number from 1 to 64, e.g. --workers 4", error);
    }

    [Fact]
    public void Help_lists_every_flag_with_its_environment_variable()
    {
        var help = ReconcilerOptions.HelpText;

        foreach (var flag in new[] { "namespaces", "controller-namespace", "cache-namespace-mode", "size-budget-bytes", "gc", "gc-period", "gc-not-hit-for",
            "lease-name", "lease-namespace", "lease-duration", "lease-renew-deadline", "lease-retry-period", "identity", "metrics-address", "resync-period", "workers", "kubeconfig" })
        {
            Assert.Contains($"  --{flag} ", help, StringComparison.Ordinal);
        }
        Assert.Contains("(env MEMOIZE_CACHE_NAMESPACE_MODE)", help, StringComparison.Ordinal);
    }
}
