namespace Memoize.Core.Objects;

/// <summary>Finds every memoize block of an Argo object with its exact field path.</summary>
public static class MemoizeBlockLocator
{
    /// <summary>Every memoize block in templates and templateDefaults (under spec.workflowSpec for CronWorkflow), in document order.</summary>
    public static IReadOnlyList<MemoizeBlock> Locate(ArgoObject argoObject) => throw new NotImplementedException("issue 2");
}
