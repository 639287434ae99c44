namespace Memoize.Webhook.Tests.Support;

/// <summary>One server with the default fakes, shared by a test class (starting a host per test would be slow).</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private WebhookServer? _server;

    public WebhookServer Server => _server ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _server = await WebhookServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
