namespace Memoize.ApiEmulator.Tests.Support;

/// <summary>Webhook configuration YAML like the project's manifests, pointing at a test server.</summary>
public static class WebhookManifest
{
    /// <summary>One configuration with one webhook calling <paramref name="url"/>.</summary>
    public static string Url(string kind, string name, Uri url, string resources = "configmaps", string apiGroups = "\"\"",
        string operations = "CREATE, UPDATE", string failurePolicy = "Fail", int timeoutSeconds = 5, string selectors = "") => $"""
        apiVersion: admissionregistration.k8s.io/v1
        kind: {kind}
        metadata:
          name: {name}
        webhooks:
        - name: {name}.memoize.dev
          admissionReviewVersions: ["v1"]
          sideEffects: None
          failurePolicy: {failurePolicy}
          timeoutSeconds: {timeoutSeconds}
          clientConfig:
            url: {url}
          rules:
          - apiGroups: [{apiGroups}]
            apiVersions: ["*"]
            operations: [{operations}]
            resources: [{resources}]
        {selectors}
        """;
}
