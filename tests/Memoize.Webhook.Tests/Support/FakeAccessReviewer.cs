using System.Collections.Concurrent;
using Memoize.Webhook.Rbac;

namespace Memoize.Webhook.Tests.Support;

/// <summary>Answers SubjectAccessReviews from a table of granted verbs; can fail, hang, or block until released.</summary>
public sealed class FakeAccessReviewer : IAccessReviewer
{
    public HashSet<string> GrantedVerbs { get; } = ["get", "create", "update", "delete"];

    public bool Fails { get; set; }

    public bool Hangs { get; set; }

    /// <summary>When set, every review waits for it (to hold a request in flight).</summary>
    public TaskCompletionSource? Gate { get; set; }

    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<(string User, string Verb, string Resource, string? Namespace)> Calls { get; } = new();

    public async Task<bool?> CanAsync(string user, string verb, string resource, string? @namespace, CancellationToken cancellationToken)
    {
        Calls.Enqueue((user, verb, resource, @namespace));
        Entered.TrySetResult();
        if (Gate is { } gate)
        {
            await gate.Task;
        }

        if (Hangs)
        {
            // Never answers: only the caller's budget ends the wait.
            await new TaskCompletionSource().Task.WaitAsync(cancellationToken);
        }

        return Fails ? null : GrantedVerbs.Contains(verb);
    }
}
