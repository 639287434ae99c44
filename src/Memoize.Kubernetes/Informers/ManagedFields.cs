using System.Text.Json.Nodes;
using k8s.Models;

namespace Memoize.Kubernetes.Informers;

/// <summary>
/// Drops <c>metadata.managedFields</c> from an object as it enters an informer's store. It is server-side apply
/// bookkeeping that nothing here reads, and a large share of what a store would hold: on a Workflow, Argo's
/// controller owns every field of every status node, and its field set lists them all (Argo measured 21-23% of a
/// Workflow's size, argoproj/argo-workflows#16563); on a cache ConfigMap, a writer's set lists every data key. An
/// update that omits the field leaves the server's record unchanged, so an object written back from the store loses
/// nothing (the same transform as controller-runtime's <c>TransformStripManagedFields</c>).
/// </summary>
public static class ManagedFields
{
    /// <summary>Removes metadata.managedFields from <paramref name="obj"/> (freshly read, not yet shared) and returns it.</summary>
    public static JsonObject StripFrom(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj["metadata"] is JsonObject metadata)
        {
            metadata.Remove("managedFields");
        }

        return obj;
    }

    /// <summary>Clears metadata.managedFields of <paramref name="configMap"/> (freshly read, not yet shared) and returns it.</summary>
    public static V1ConfigMap StripFrom(V1ConfigMap configMap)
    {
        ArgumentNullException.ThrowIfNull(configMap);
        if (configMap.Metadata is { } metadata)
        {
            metadata.ManagedFields = null;
        }

        return configMap;
    }
}
