using k8s.Models;

namespace Memoize.Cli.CacheInspection;

/// <summary>What a removal did (or, in a dry run, would do).</summary>
/// <param name="ConfigMap">The ConfigMap as stored after the update (as read, in a dry run or when nothing was removed).</param>
/// <param name="RemovedKeys">The keys removed (or that would be), in key order.</param>
/// <param name="Conflicts">How many updates were answered 409 Conflict and retried on a fresh read.</param>
public sealed record CacheRemoval(V1ConfigMap ConfigMap, IReadOnlyList<string> RemovedKeys, int Conflicts);
