namespace Memoize.Webhook.Host;

/// <summary>The outcome of reading the command line.</summary>
/// <param name="Options">The options, when they are complete and valid.</param>
/// <param name="Error">What is wrong and how to fix it, when they are not.</param>
/// <param name="ShowHelp">True when --help was asked for.</param>
public sealed record WebhookCommandLineResult(WebhookOptions? Options, string? Error, bool ShowHelp);
