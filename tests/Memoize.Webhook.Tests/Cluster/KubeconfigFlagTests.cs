using System.Collections;
using Memoize.Webhook.Host;

namespace Memoize.Webhook.Tests.Cluster;

/// <summary>The <c>--kubeconfig</c> flag and its environment variable.</summary>
public sealed class KubeconfigFlagTests
{
    [Theory]
    [InlineData(new[] { "--dev", "--kubeconfig", "/home/me/.kube/dev" }, null, "/home/me/.kube/dev")]
    [InlineData(new[] { "--dev", "--kubeconfig=/home/me/.kube/dev" }, null, "/home/me/.kube/dev")]
    [InlineData(new[] { "--dev" }, "/from/env", "/from/env")]
    [InlineData(new[] { "--dev", "--kubeconfig", "/from/flag" }, "/from/env", "/from/flag")]
    [InlineData(new[] { "--dev" }, null, null)]
    public void The_kubeconfig_comes_from_the_flag_or_MEMOIZE_WEBHOOK_KUBECONFIG(string[] args, string? variable, string? expected)
    {
        var environment = new Hashtable();
        if (variable is not null)
        {
            environment["MEMOIZE_WEBHOOK_KUBECONFIG"] = variable;
        }

        Assert.Equal(expected, WebhookCommandLine.Parse(args, environment).Options!.Kubeconfig);
    }

    [Fact]
    public void An_empty_kubeconfig_flag_says_what_to_give()
    {
        var result = WebhookCommandLine.Parse(["--dev", "--kubeconfig="], new Hashtable());

        Assert.Null(result.Options);
        Assert.Equal("--kubeconfig needs the path of a kubeconfig file, e.g. --kubeconfig ~/.kube/config", result.Error);
    }

    [Theory]
    [InlineData(new[] { "--dev", "--context", "staging" }, null, "staging")]
    [InlineData(new[] { "--dev", "--context=staging" }, null, "staging")]
    [InlineData(new[] { "--dev" }, "from-env", "from-env")]
    [InlineData(new[] { "--dev", "--context", "from-flag" }, "from-env", "from-flag")]
    [InlineData(new[] { "--dev" }, null, null)]
    public void The_context_comes_from_the_flag_or_MEMOIZE_WEBHOOK_CONTEXT(string[] args, string? variable, string? expected)
    {
        var environment = new Hashtable();
        if (variable is not null)
        {
            environment["MEMOIZE_WEBHOOK_CONTEXT"] = variable;
        }

        Assert.Equal(expected, WebhookCommandLine.Parse(args, environment).Options!.Context);
    }

    [Fact]
    public void An_empty_context_flag_says_what_to_give()
    {
        var result = WebhookCommandLine.Parse(["--dev", "--context="], new Hashtable());

        Assert.Null(result.Options);
        Assert.Equal("--context needs the name of a kubeconfig context, e.g. --context kind-dev", result.Error);
    }

    [Fact]
    public void The_help_explains_how_the_cluster_is_found()
    {
        Assert.Contains(
            """
              --kubeconfig PATH                 the cluster to use (default: in-cluster, else $KUBECONFIG, else
                                                ~/.kube/config; none found: RBAC hints and the cache index are off)
              --context NAME                    the kubeconfig context to use (default: its current-context)
              --dev                             generate a self-signed development certificate; no cluster unless
                                                --kubeconfig or --context is given
            """,
            WebhookCommandLine.Usage,
            StringComparison.Ordinal);
    }
}
