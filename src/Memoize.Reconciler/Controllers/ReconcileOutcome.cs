namespace Memoize.Reconciler.Controllers;

/// <summary>What the work queue does with a key after a reconcile.</summary>
public enum ReconcileOutcome
{
    /// <summary>Nothing more to do until the object changes.</summary>
    Done,

    /// <summary>Try again after the key's backoff (a conflict or a failed write).</summary>
    Requeue,
}
