using Memoize.Webhook.Metrics;
using Microsoft.Extensions.Logging;

namespace Memoize.Webhook.Rbac;

/// <summary>
/// Checks with SubjectAccessReviews that the Argo controller may get, create and update (and delete, with cache
/// GC) ConfigMaps in the cache namespace. A failed or slow review means no hint, never a denial; it is counted.
/// </summary>
public sealed class ControllerRbacCheck
{
    private readonly IAccessReviewer _reviewer;
    private readonly WebhookMetrics _metrics;
    private readonly ILogger _logger;

    /// <summary>Creates the check for <paramref name="controllerUser"/>; <paramref name="cacheGc"/> adds <c>delete</c>.</summary>
    public ControllerRbacCheck(IAccessReviewer reviewer, string controllerUser, bool cacheGc, WebhookMetrics metrics, ILogger logger)
    {
        _reviewer = reviewer;
        ControllerUser = controllerUser;
        NeededVerbs = cacheGc ? ["get", "create", "update", "delete"] : ["get", "create", "update"];
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>The controller's user name.</summary>
    public string ControllerUser { get; }

    /// <summary>The verbs memoization needs on ConfigMaps.</summary>
    public IReadOnlyList<string> NeededVerbs { get; }

    /// <summary>Checks every needed verb in <paramref name="namespace"/>; gives up (Unknown) when <paramref name="cancellationToken"/> fires.</summary>
    public async Task<RbacCheckResult> CheckAsync(string @namespace, CancellationToken cancellationToken)
    {
        bool?[] answers;
        try
        {
            answers = await Task.WhenAll(NeededVerbs.Select(verb => _reviewer.CanAsync(ControllerUser, verb, "configmaps", @namespace, cancellationToken)))
                .WaitAsync(cancellationToken);
        }
        catch (Exception e)
        {
            return Unknown(@namespace, e is OperationCanceledException ? "timed out" : e.Message);
        }

        if (answers.Any(a => a is null))
        {
            return Unknown(@namespace, "no answer");
        }

        var missing = NeededVerbs.Where((_, i) => answers[i] == false).ToList();
        return missing.Count == 0
            ? new RbacCheckResult(RbacVerdict.Granted, null)
            : new RbacCheckResult(RbacVerdict.Missing, new RbacHint(ControllerUser, @namespace, NeededVerbs, missing));
    }

    private RbacCheckResult Unknown(string @namespace, string why)
    {
        _metrics.RecordSubjectAccessReviewFailure();
        _logger.LogWarning("SubjectAccessReview for {User} on configmaps in {Namespace} failed ({Problem}); admitting without an RBAC hint", ControllerUser, @namespace, why);
        return new RbacCheckResult(RbacVerdict.Unknown, null);
    }
}
