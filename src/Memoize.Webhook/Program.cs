using Memoize.Kubernetes.Config;
using Memoize.Webhook.Cluster;
using Memoize.Webhook.Host;

var parsed = WebhookCommandLine.Parse(args, Environment.GetEnvironmentVariables());
if (parsed.ShowHelp)
{
    Console.WriteLine(WebhookCommandLine.Usage);
    return 0;
}

if (parsed.Options is not { } options)
{
    Console.Error.WriteLine($"memoize-webhook: {parsed.Error}");
    return 2;
}

ClusterChoice choice;
try
{
    choice = ClusterChoice.For(options, ClusterConnection.Detect);
}
catch (ClusterConfigurationException e)
{
    // An explicit --kubeconfig, or a configuration that exists, is broken: never fall back silently to no cluster.
    Console.Error.WriteLine($"memoize-webhook: {e.Message}");
    return 2;
}

using var cluster = choice.Connection is { } connection ? WebhookCluster.Connect(connection, options) : null;
var dependencies = cluster?.Dependencies ?? WebhookDependencies.WithoutCluster(choice.NoClusterReason!);
try
{
    await using var app = WebhookHost.Build(options, dependencies);
    await app.RunAsync();
    return 0;
}
catch (IOException e)
{
    // E.g. the port is taken: say so plainly instead of a stack trace.
    Console.Error.WriteLine($"memoize-webhook: {e.Message}");
    return 1;
}
