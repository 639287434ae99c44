using Memoize.ApiEmulator.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Memoize.ApiEmulator.Tests.Contract;

/// <summary>
/// A test admission webhook registered with the emulator like the project's manifests register theirs: Kestrel on
/// 127.0.0.1 with a certificate from the emulator's CA, a configuration whose caBundle is that CA, called only for
/// ConfigMaps of one test in the suite's namespace. Disposing deletes the configuration and stops the server.
/// </summary>
internal sealed class ContractWebhook : IAsyncDisposable
{
    private readonly ContractCluster cluster;
    private readonly bool mutating;
    private readonly string configurationName;

    private ContractWebhook(ContractCluster cluster, TestWebhookServer server, bool mutating, string configurationName, string webhookName)
    {
        this.cluster = cluster;
        Server = server;
        this.mutating = mutating;
        this.configurationName = configurationName;
        WebhookName = webhookName;
    }

    /// <summary>The webhook server, with the reviews it received.</summary>
    public TestWebhookServer Server { get; }

    /// <summary>The webhook's name, as denial messages quote it.</summary>
    public string WebhookName { get; }

    /// <summary>Starts a validating (or mutating) webhook named <c>&lt;prefix&gt;.memoize.dev</c> for CREATE and UPDATE of <paramref name="test"/>'s ConfigMaps.</summary>
    public static async Task<ContractWebhook> StartAsync(ContractCluster cluster, string prefix, string test, bool mutating, Func<ReceivedReview, IResult> respond)
    {
        var emulator = cluster.RequireEmulator();
        var server = await TestWebhookServer.StartAsync(emulator.CertificateAuthority, review => Task.FromResult(respond(review)));
        var kind = mutating ? "MutatingWebhookConfiguration" : "ValidatingWebhookConfiguration";
        var configurationName = $"{prefix}-{test}";
        var webhookName = $"{prefix}.memoize.dev";
        emulator.Admission.ApplyManifestYaml($"""
            apiVersion: admissionregistration.k8s.io/v1
            kind: {kind}
            metadata:
              name: {configurationName}
            webhooks:
            - name: {webhookName}
              admissionReviewVersions: ["v1"]
              sideEffects: None
              failurePolicy: Fail
              timeoutSeconds: 5
              clientConfig:
                url: {new Uri(server.BaseAddress, mutating ? "mutate" : "validate")}
              rules:
              - apiGroups: [""]
                apiVersions: ["v1"]
                operations: ["CREATE", "UPDATE"]
                resources: ["configmaps"]
              namespaceSelector:
                matchLabels:
                  kubernetes.io/metadata.name: {cluster.Namespace}
              objectSelector:
                matchLabels:
                  {ContractCluster.TestLabel}: {test}
            """, caBundlePem: emulator.CaCertificatePem);
        return new ContractWebhook(cluster, server, mutating, configurationName, webhookName);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await cluster.DeleteWebhookConfigurationAsync(mutating, configurationName);
        }
        finally
        {
            await Server.DisposeAsync();
        }
    }
}
