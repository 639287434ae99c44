using Memoize.Core.Rules;

namespace Memoize.Cli.Lint;

/// <summary>A core finding placed in its file: which object, which file, which line.</summary>
/// <param name="File">The file's display name (<c>&lt;stdin&gt;</c> for standard input).</param>
/// <param name="Line">The 1-based line of the field the finding is about (or of its nearest existing parent).</param>
/// <param name="Kind">The object's kind, e.g. <c>Workflow</c>.</param>
/// <param name="Name">The object's name, or its generateName prefix.</param>
/// <param name="Finding">What the core rules found.</param>
public sealed record LintedFinding(string File, int Line, string Kind, string Name, Finding Finding);
