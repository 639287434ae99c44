using Memoize.Kubernetes;

namespace Memoize.ApiEmulator.Tests.Contract;

/// <summary>Resource types the suite needs that the project's client does not name itself.</summary>
internal static class ContractResources
{
    /// <summary>Core v1 Namespaces (cluster-scoped): the suite's own namespace on a real cluster.</summary>
    public static ResourceType Namespaces { get; } = new("", "v1", "namespaces", "Namespace", false);

    /// <summary>admissionregistration.k8s.io/v1 ValidatingWebhookConfigurations.</summary>
    public static ResourceType ValidatingWebhookConfigurations { get; } =
        new("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations", "ValidatingWebhookConfiguration", false);

    /// <summary>admissionregistration.k8s.io/v1 MutatingWebhookConfigurations.</summary>
    public static ResourceType MutatingWebhookConfigurations { get; } =
        new("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations", "MutatingWebhookConfiguration", false);
}
