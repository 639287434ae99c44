using Memoize.Core.Cache;

namespace Memoize.Reconciler.Cache;

/// <summary>What happened to one operation submitted to <see cref="ConfigMapCacheStore"/>.</summary>
/// <param name="Kind">Stored, touched, removed, skipped or refused.</param>
/// <param name="Message">A sentence for a log line or an Event (Argo's exact text when the ConfigMap was refused).</param>
/// <param name="ConfigMapRefused">True when nothing was written because the ConfigMap exists without the Cache label.</param>
public sealed record CacheStoreResult(CacheWriteOutcomeKind Kind, string Message, bool ConfigMapRefused = false);
