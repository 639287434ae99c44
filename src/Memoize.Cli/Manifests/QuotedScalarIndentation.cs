using System.Text;
using YamlDotNet.Core;

namespace Memoize.Cli.Manifests;

/// <summary>
/// Works around YamlDotNet refusing a double-quoted string whose continuation lines are indented no deeper than
/// the enclosing block (e.g. <c>args: ["</c> followed by shell lines and a closing <c>"]</c> under <c>args</c>).
/// Go's reader (yaml.v2/v3, used by kubectl and Argo) does not check that indentation, so such files are real.
/// Leading blanks of a quoted string's continuation lines are not part of its value (YAML folds them away),
/// so indenting those lines further changes neither the value nor any line number.
/// </summary>
public static class QuotedScalarIndentation
{
    /// <summary>
    /// Each repair parses the file again, so repairs stop (and the parse error stands) once the characters
    /// parsed reach this budget: thousands of repairs in a normal file, none in a 100 MB one.
    /// </summary>
    public const long ParseBudget = 50_000_000;

    private const string Refusal = "While scanning a multi-line double-quoted scalar, found wrong indentation";

    /// <summary>
    /// When <paramref name="error"/> is YamlDotNet's indentation refusal, <paramref name="repaired"/> is
    /// <paramref name="text"/> with that string's continuation lines indented to the column of its opening quote.
    /// </summary>
    public static bool TryRepair(string text, YamlException error, out string repaired)
    {
        repaired = text;
        var start = (int)error.Start.Index;
        if (!error.Message.StartsWith(Refusal, StringComparison.Ordinal) || start < 0 || start >= text.Length || text[start] != '"')
        {
            return false;
        }

        var column = (int)error.Start.Column - 1; // The opening quote's column is deeper than the enclosing block.
        var result = new StringBuilder(text.Length + 64);
        result.Append(text, 0, start + 1);
        var changed = false;
        var i = start + 1;
        while (i < text.Length && text[i] != '"')
        {
            var c = text[i];
            result.Append(c);
            i++;
            if (c == '\\' && i < text.Length && text[i] is not ('\r' or '\n'))
            {
                result.Append(text[i]);
                i++;
            }
            else if (c == '\n' || (c == '\r' && (i >= text.Length || text[i] != '\n')))
            {
                var blanks = 0;
                while (i + blanks < text.Length && text[i + blanks] is ' ' or '\t')
                {
                    blanks++;
                }

                var nextIsContent = i + blanks < text.Length && text[i + blanks] is not ('\r' or '\n');
                if (nextIsContent && blanks < column)
                {
                    result.Append(' ', column - blanks);
                    changed = true;
                }
            }
        }

        result.Append(text, i, text.Length - i);
        repaired = result.ToString();
        return changed;
    }
}
