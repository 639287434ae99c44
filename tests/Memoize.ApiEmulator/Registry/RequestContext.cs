using Memoize.ApiEmulator.Authentication;

namespace Memoize.ApiEmulator.Registry;

/// <summary>Who is asking and how: the user, dry run, and the query options that reach admission's <c>options</c>.</summary>
internal sealed class RequestContext
{
    /// <summary>Creates a context for <paramref name="user"/>.</summary>
    public RequestContext(EmulatorUser user)
    {
        User = user;
    }

    /// <summary>The authenticated user.</summary>
    public EmulatorUser User { get; }

    /// <summary>The request's User-Agent header, if any (kept in the write record).</summary>
    public string? UserAgent { get; init; }

    /// <summary>True for <c>?dryRun=All</c>: everything runs, nothing is stored.</summary>
    public bool DryRun { get; init; }

    /// <summary>The <c>fieldManager</c> query parameter, if any.</summary>
    public string? FieldManager { get; init; }

    /// <summary>The <c>fieldValidation</c> query parameter (Strict, Warn, Ignore), if any.</summary>
    public string? FieldValidation { get; init; }

    /// <summary>Warnings to return as <c>Warning: 299 - "..."</c> headers, in order, without duplicates.</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>Adds a warning unless it is already there.</summary>
    public void Warn(string text)
    {
        if (!Warnings.Contains(text))
        {
            Warnings.Add(text);
        }
    }
}
