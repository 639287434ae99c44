using System.Collections.Concurrent;

namespace Memoize.Webhook.Rbac;

/// <summary>
/// Remembers definite answers of another reviewer for a short time, keyed by user, verb, resource and namespace:
/// every Workflow submission would otherwise cost several SubjectAccessReviews. Unknown answers are not kept.
/// </summary>
public sealed class CachedAccessReviewer : IAccessReviewer
{
    /// <summary>How long an answer is kept by default.</summary>
    public static readonly TimeSpan DefaultTimeToLive = TimeSpan.FromSeconds(30);

    private readonly IAccessReviewer _inner;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeToLive;
    private readonly ConcurrentDictionary<(string User, string Verb, string Resource, string? Namespace), (bool Answer, DateTimeOffset Expires)> _answers = new();

    /// <summary>Wraps <paramref name="inner"/>; answers expire after <paramref name="timeToLive"/> on <paramref name="time"/>'s clock.</summary>
    public CachedAccessReviewer(IAccessReviewer inner, TimeProvider time, TimeSpan timeToLive)
    {
        _inner = inner;
        _time = time;
        _timeToLive = timeToLive;
    }

    /// <inheritdoc />
    public async Task<bool?> CanAsync(string user, string verb, string resource, string? @namespace, CancellationToken cancellationToken)
    {
        var key = (user, verb, resource, @namespace);
        var now = _time.GetUtcNow();
        if (_answers.TryGetValue(key, out var cached) && cached.Expires > now)
        {
            return cached.Answer;
        }

        var answer = await _inner.CanAsync(user, verb, resource, @namespace, cancellationToken);
        if (answer is { } definite)
        {
            _answers[key] = (definite, _time.GetUtcNow() + _timeToLive);
        }

        return answer;
    }
}
