namespace Memoize.Webhook.Admission;

/// <summary>What an internal failure of a handler means, mirroring the webhook configuration's failurePolicy.</summary>
public enum FailurePolicy
{
    /// <summary>Deny (the validating webhook fails closed).</summary>
    Fail,

    /// <summary>Allow unchanged (the mutating webhook only adds conveniences).</summary>
    Ignore,
}
