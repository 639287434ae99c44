namespace Memoize.ApiEmulator.Http;

/// <summary>The kinds of path the emulator serves.</summary>
internal enum RequestTargetKind
{
    /// <summary><c>/version</c>.</summary>
    Version,

    /// <summary><c>/api</c>.</summary>
    CoreVersions,

    /// <summary><c>/apis</c>.</summary>
    GroupList,

    /// <summary><c>/apis/{group}</c>.</summary>
    Group,

    /// <summary><c>/api/v1</c> or <c>/apis/{group}/{version}</c>.</summary>
    ResourceList,

    /// <summary><c>/api/v1/namespaces/{name}</c> (namespaces are implicit).</summary>
    Namespace,

    /// <summary>A resource collection or object.</summary>
    Resource,
}
