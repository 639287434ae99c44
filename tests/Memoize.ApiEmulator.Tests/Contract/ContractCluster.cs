using k8s;
using k8s.Models;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Memoize.Kubernetes;
using Memoize.Kubernetes.Config;
using Memoize.Kubernetes.Errors;

namespace Memoize.ApiEmulator.Tests.Contract;

/// <summary>
/// What the contract suite runs against. By default an in-process <see cref="KubernetesApiEmulator"/>, reached through a
/// kubeconfig file and the project's own kubeconfig loader and client, so the whole real client path runs. When
/// <c>MEMOIZE_TEST_KUBECONFIG</c> names a kubeconfig, that cluster instead, inside a fresh namespace
/// <c>memoize-contract-&lt;random&gt;</c> that is created first and deleted at the end.
/// </summary>
public sealed class ContractCluster : IAsyncLifetime
{
    /// <summary>The environment variable naming a real cluster's kubeconfig.</summary>
    public const string KubeconfigVariable = "MEMOIZE_TEST_KUBECONFIG";

    /// <summary>The label every object the suite creates carries, with a value unique to the test, so selectors see only that test's objects.</summary>
    public const string TestLabel = "memoize.dev/contract-test";

    private string? kubeconfigDirectory;
    private KubernetesApiClient? client;
    private bool namespaceCreated;

    /// <summary>True when <c>MEMOIZE_TEST_KUBECONFIG</c> is set: the suite runs against that cluster, not the emulator.</summary>
    public static bool TargetsRealCluster => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(KubeconfigVariable));

    /// <summary>The emulator, or null against a real cluster (tests that need it are marked EmulatorOnly).</summary>
    public KubernetesApiEmulator? Emulator { get; private set; }

    /// <summary>The connection the client uses (server, CA, credentials), resolved from the kubeconfig.</summary>
    public ClusterConnection Connection { get; private set; } = null!;

    /// <summary>The project's client, shared by the tests of the collection (they run one at a time).</summary>
    public KubernetesApiClient Client => client ?? throw new InvalidOperationException("the contract cluster is not started");

    /// <summary>The namespace every test works in.</summary>
    public string Namespace { get; } = "memoize-contract-" + RandomSuffix(8);

    /// <summary>The emulator, for a test marked EmulatorOnly.</summary>
    public KubernetesApiEmulator RequireEmulator() =>
        Emulator ?? throw new InvalidOperationException("this test needs the emulator: mark it [ContractFact(EmulatorOnly = \"why\")]");

    /// <summary>A name unique to this run: <paramref name="prefix"/> and 5 random characters.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{RandomSuffix(5)}";

    /// <summary>Another client on the same connection, e.g. one that never retries.</summary>
    public KubernetesApiClient CreateClient(RetryPolicy retryPolicy) => new(Connection, retryPolicy);

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        var kubeconfig = Environment.GetEnvironmentVariable(KubeconfigVariable);
        if (string.IsNullOrWhiteSpace(kubeconfig))
        {
            Emulator = await KubernetesApiEmulator.StartAsync();
            kubeconfigDirectory = Directory.CreateTempSubdirectory("memoize-contract-").FullName;
            kubeconfig = Path.Combine(kubeconfigDirectory, "kubeconfig");
            Emulator.WriteKubeconfig(kubeconfig, Namespace);
        }

        Connection = KubeConfig.Load(ExpandHome(kubeconfig)).ToConnection();
        client = new KubernetesApiClient(Connection);
        if (Emulator is null)
        {
            await CreateNamespaceAsync();
        }
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        try
        {
            if (namespaceCreated)
            {
                await DeleteNamespaceAsync();
            }
        }
        finally
        {
            client?.Dispose();
            if (Emulator is not null)
            {
                await Emulator.DisposeAsync();
            }

            if (kubeconfigDirectory is not null)
            {
                Directory.Delete(kubeconfigDirectory, recursive: true);
            }
        }
    }

    private async Task CreateNamespaceAsync()
    {
        var body = new V1Namespace
        {
            Metadata = new V1ObjectMeta { Name = Namespace, Labels = new Dictionary<string, string> { ["app.kubernetes.io/created-by"] = "memoize-contract-suite" } },
        };
        try
        {
            await SetupAsync("POST namespaces", k => k.CoreV1.CreateNamespaceAsync(body));
            namespaceCreated = true;
        }
        catch (KubernetesApiException ex)
        {
            throw new InvalidOperationException(
                $"the contract suite could not create its namespace {Namespace} on {Connection.Source} ({Connection.Server}): {ex.Message}. " +
                "It needs to create and delete namespaces and to work on configmaps, leases and Argo workflows in them: see docs/contract-suite.md.", ex);
        }
    }

    private async Task DeleteNamespaceAsync()
    {
        try
        {
            await SetupAsync($"DELETE namespaces {Namespace}", k => k.CoreV1.DeleteNamespaceAsync(Namespace));
        }
        catch (NotFoundException)
        {
            // Already gone: nothing to clean up.
        }
        catch (KubernetesApiException ex)
        {
            throw new InvalidOperationException(
                $"the contract suite could not delete its namespace {Namespace} on {Connection.Source}: {ex.Message}. Delete it with: kubectl delete namespace {Namespace}", ex);
        }
    }

    /// <summary>
    /// Deletes a webhook configuration the suite registered. The suite's own setup (namespaces, webhook configurations) calls the
    /// package directly: the project's client has no calls for kinds it never touches.
    /// </summary>
    public Task DeleteWebhookConfigurationAsync(bool mutating, string name) => mutating
        ? SetupAsync($"DELETE mutatingwebhookconfigurations {name}", k => k.AdmissionregistrationV1.DeleteMutatingWebhookConfigurationAsync(name))
        : SetupAsync($"DELETE validatingwebhookconfigurations {name}", k => k.AdmissionregistrationV1.DeleteValidatingWebhookConfigurationAsync(name));

    // A setup call through the package, its failure typed by the project's one mapping.
    private async Task SetupAsync<T>(string request, Func<IKubernetes, Task<T>> call)
    {
        using var setup = new k8s.Kubernetes(Connection.ClientConfiguration);
        try
        {
            await call(setup);
        }
        catch (Exception ex) when (KubernetesApiException.FromPackage(ex, Connection.Server.ToString(), request) is { } typed && typed != ex)
        {
            throw typed;
        }
    }

    // kubectl users write MEMOIZE_TEST_KUBECONFIG=~/.kube/config; a shell expands that, a CI variable may not.
    private static string ExpandHome(string path) =>
        path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[2..])
            : path;

    private static string RandomSuffix(int length) => RandomNumberGenerator.GetString("bcdfghjklmnpqrstvwxz2456789", length);
}
