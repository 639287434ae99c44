namespace Memoize.Kubernetes;

/// <summary>The kind of patch sent with PATCH.</summary>
public enum PatchType
{
    /// <summary>RFC 7386 JSON merge patch (<c>application/merge-patch+json</c>); null deletes a field.</summary>
    MergePatch,

    /// <summary>RFC 6902 JSON patch (<c>application/json-patch+json</c>): a list of operations, <c>test</c> included.</summary>
    JsonPatch,
}
