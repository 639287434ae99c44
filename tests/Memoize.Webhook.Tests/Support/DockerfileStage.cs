namespace Memoize.Webhook.Tests.Support;

/// <summary>A build stage: <c>FROM [--platform=...] image [AS name]</c> and the instructions up to the next FROM.</summary>
public sealed record DockerfileStage(string? Name, string BaseImage, IReadOnlyList<DockerfileInstruction> Instructions)
{
    /// <summary>The instructions with this keyword, in order.</summary>
    public IEnumerable<DockerfileInstruction> All(string keyword) => Instructions.Where(i => i.Keyword == keyword);

    /// <summary>Reads a Dockerfile's stages: continuation lines joined, comments and blank lines skipped.</summary>
    public static IReadOnlyList<DockerfileStage> Parse(string dockerfile)
    {
        var instructions = new List<DockerfileInstruction>();
        var lines = dockerfile.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var start = i + 1;
            while (line.EndsWith('\\') && i + 1 < lines.Length)
            {
                line = line[..^1].TrimEnd() + " " + lines[++i].Trim();
            }

            var space = line.IndexOf(' ', StringComparison.Ordinal);
            instructions.Add(space < 0
                ? new DockerfileInstruction(line.ToUpperInvariant(), "", start)
                : new DockerfileInstruction(line[..space].ToUpperInvariant(), line[(space + 1)..].Trim(), start));
        }

        var stages = new List<DockerfileStage>();
        foreach (var instruction in instructions)
        {
            if (instruction.Keyword == "FROM")
            {
                var words = instruction.Words.Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToArray();
                var name = words.Length == 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2] : null;
                stages.Add(new DockerfileStage(name, words[0], []));
            }
            else
            {
                Assert.True(stages.Count > 0, $"line {instruction.Line}: {instruction.Keyword} before any FROM");
                var last = stages[^1];
                stages[^1] = last with { Instructions = [.. last.Instructions, instruction] };
            }
        }

        return stages;
    }
}
