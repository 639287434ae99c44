namespace Memoize.Core.Templates;

/// <summary>What lint time knows about a <c>{{variable}}</c> used in a memoize block.</summary>
public enum VariableStatus
{
    /// <summary>Argo will resolve it and its value is already known (an argument value or input default).</summary>
    Known,

    /// <summary>Argo will resolve it, but only at run time (a workflow name, a step output, an input without default...).</summary>
    Unknown,

    /// <summary>A workflow parameter a template does not declare: it may still be given when a workflow is submitted from it.</summary>
    GivenAtSubmission,

    /// <summary>An input parameter the template does not declare: Argo leaves the tag in place.</summary>
    UndeclaredInputParameter,

    /// <summary>A workflow parameter the workflow does not declare: Argo leaves the tag in place.</summary>
    UndeclaredWorkflowParameter,

    /// <summary>A name Argo never substitutes in a template (a typo, or an unsupported variable).</summary>
    UnknownVariable,
}
