namespace Memoize.Core.Workflows;

/// <summary>The decisions for every memoized node of one Workflow.</summary>
/// <param name="Storage">Where the Workflow keeps its nodes (edits must be written back the same way).</param>
/// <param name="Decisions">One decision per memoized node that needs something, in node order.</param>
/// <param name="Problem">Why the Workflow was skipped (offloaded or unreadable nodes); report once. Null otherwise.</param>
public sealed record MemoizationPlan(NodeStatusStorage Storage, IReadOnlyList<MemoizationDecision> Decisions, string? Problem);
