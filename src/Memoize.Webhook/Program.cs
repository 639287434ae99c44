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

try
{
    // The Kubernetes client is wired in by a later step; until then the webhook runs without a cluster.
    var app = WebhookHost.Build(options, WebhookDependencies.NoCluster);
    await app.RunAsync();
    return 0;
}
catch (IOException e)
{
    // E.g. the port is taken: say so plainly instead of a stack trace.
    Console.Error.WriteLine($"memoize-webhook: {e.Message}");
    return 1;
}
