using Memoize.Core.Objects;
using Memoize.Webhook.Admission;

namespace Memoize.Webhook.Mutation;

/// <summary>
/// The core of <c>POST /mutate</c>: labels cache ConfigMaps, and gives RBAC and cache-label hints on Argo objects.
/// It never denies and never writes to the cluster (sideEffects: None).
/// </summary>
public sealed class MutationHandler : IAdmissionHandler
{
    /// <summary>How long the cluster lookups behind the hints may take by default before admission goes on without them.</summary>
    public static readonly TimeSpan DefaultLookupBudget = TimeSpan.FromSeconds(2);

    private readonly ConfigMapCacheLabeling _labeling;
    private readonly ArgoObjectHints _hints;
    private readonly TimeSpan _lookupBudget;
    private readonly TimeProvider _time;

    /// <summary>Creates the handler; cluster lookups get <paramref name="lookupBudget"/> on <paramref name="time"/>'s clock.</summary>
    public MutationHandler(ConfigMapCacheLabeling labeling, ArgoObjectHints hints, TimeSpan lookupBudget, TimeProvider time)
    {
        _labeling = labeling;
        _hints = hints;
        _lookupBudget = lookupBudget;
        _time = time;
    }

    /// <inheritdoc />
    public async Task<AdmissionResponse> HandleAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (!request.IsCreateOrUpdate || !string.IsNullOrEmpty(request.SubResource))
        {
            return AdmissionResponse.Allowed();
        }

        if (request.Kind.IsConfigMap)
        {
            return AdmissionResponse.Patched(_labeling.PatchFor(request));
        }

        if (!request.Kind.IsArgoKind || request.ObjectJson is not { } json || ReadOnlyArgoObject.TryFrom(json) is not { } argoObject)
        {
            return AdmissionResponse.Allowed();
        }

        using var timeout = new CancellationTokenSource(_lookupBudget, _time);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        return await _hints.AdviseAsync(argoObject, budget.Token);
    }
}
