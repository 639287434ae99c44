using System.Text.Json.Nodes;
using Memoize.Cli.Manifests;
using Memoize.Core.Objects;
using Memoize.Core.Rules;

namespace Memoize.Cli.Lint;

/// <summary>The lint pipeline: find files, parse them, run the core rules on every Argo object.</summary>
public static class ManifestLinter
{
    /// <summary>Lints every path (files, directories, <c>-</c> for <paramref name="stdin"/>) and reports all at once.</summary>
    public static LintReport Lint(IEnumerable<string> paths, TextReader stdin, long maxFileBytes = ManifestFileReader.MaxBytes)
    {
        var (sources, errors) = ManifestSourceFinder.Find(paths);
        var fileErrors = new List<string>(errors);
        var findings = new List<LintedFinding>();
        var objects = 0;
        var files = 0;
        foreach (var source in sources)
        {
            string text;
            if (source.FilePath is null)
            {
                // A piped stdin may carry a byte order mark; files lose theirs when read.
                text = stdin.ReadToEnd().TrimStart('\uFEFF');
                if (ManifestFileReader.BinaryError(text, source.DisplayName) is { } binary)
                {
                    fileErrors.Add(binary);
                    continue;
                }
            }
            else
            {
                var (read, error) = ManifestFileReader.Read(source.FilePath, source.DisplayName, maxFileBytes);
                if (read is null)
                {
                    fileErrors.Add(error!);
                    continue;
                }

                text = read;
            }

            IReadOnlyList<ManifestDocument> documents;
            try
            {
                documents = ManifestReader.Read(text, ManifestReader.FormatOf(source.FilePath, text));
            }
            catch (ManifestParseException e)
            {
                fileErrors.Add(LintMessages.CannotParse(source.DisplayName, e));
                continue;
            }

            files++;
            foreach (var document in documents.SelectMany(Expand))
            {
                if (ArgoObject.TryFrom(document.Content) is not { } argoObject)
                {
                    continue; // Not an Argo object: ConfigMaps, Services... are not ours to judge.
                }

                objects++;
                foreach (var duplicate in document.DuplicateKeys)
                {
                    findings.Add(new LintedFinding(source.DisplayName, duplicate.LastLine, argoObject.Kind, argoObject.DisplayName, LintMessages.DuplicateKey(duplicate)));
                }

                foreach (var finding in MemoizeValidator.Validate(argoObject))
                {
                    var line = document.Lines.LineOf(finding.Path);
                    findings.Add(new LintedFinding(source.DisplayName, line, argoObject.Kind, argoObject.DisplayName, finding));
                }
            }
        }

        return new LintReport(findings, fileErrors, objects, files);
    }

    /// <summary>
    /// The document itself, or each item of a list (<c>kind: List</c> from <c>kubectl get -o yaml</c>, or
    /// <c>WorkflowList</c> and the like from the API), recursively.
    /// </summary>
    public static IEnumerable<ManifestDocument> Expand(ManifestDocument document)
    {
        if (document.Content is JsonObject obj
            && obj["kind"] is JsonValue kind && kind.TryGetValue<string>(out var kindName) && kindName.EndsWith("List", StringComparison.Ordinal)
            && obj["items"] is JsonArray items)
        {
            for (var i = 0; i < items.Count; i++)
            {
                if (items[i] is { } item)
                {
                    var prefix = $"items[{i}].";
                    var lines = new ScopedFieldLineMap(document.Lines, $"items[{i}]");
                    var duplicates = document.DuplicateKeys
                        .Where(d => d.Path.StartsWith(prefix, StringComparison.Ordinal))
                        .Select(d => d with { Path = d.Path[prefix.Length..] })
                        .ToList();
                    foreach (var inner in Expand(new ManifestDocument(item, lines) { DuplicateKeys = duplicates }))
                    {
                        yield return inner;
                    }
                }
            }

            yield break;
        }

        yield return document;
    }
}
