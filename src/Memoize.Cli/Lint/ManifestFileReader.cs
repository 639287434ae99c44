using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Memoize.Cli.Lint;

/// <summary>
/// Reads one manifest file as text, refusing what is not a manifest before parsing it: a file over
/// <see cref="MaxBytes"/>, a binary file, text that is not UTF-8. Each refusal is one line naming the file and what to do.
/// </summary>
public static class ManifestFileReader
{
    /// <summary>The largest file lint reads (64 MiB): far above any manifest (the API server takes objects of at most 3 MiB), and bounds memory.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    /// <summary>The text of <paramref name="path"/> (without a byte order mark), or the one-line reason it cannot be linted.</summary>
    public static (string? Text, string? Error) Read(string path, string displayName, long maxBytes = MaxBytes)
    {
        byte[] bytes;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.Length > maxBytes)
            {
                return (null, $"memoize lint: cannot lint {displayName}: it is {stream.Length} bytes, over the {maxBytes}-byte limit for one file; split it into several files");
            }

            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }
        catch (UnauthorizedAccessException)
        {
            return (null, LintMessages.CannotRead(displayName, "permission denied; check its permissions (ls -l) or lint it as a user who may read it"));
        }
        catch (IOException) when (new FileInfo(path).LinkTarget is not null)
        {
            return (null, LintMessages.CannotRead(displayName, "it is a symbolic link that loops (or is too deep to follow); fix or remove the link"));
        }
        catch (IOException e)
        {
            return (null, LintMessages.CannotRead(displayName, e.Message));
        }

        return Decode(bytes, displayName);
    }

    /// <summary>Why <paramref name="text"/>, read from standard input, is not a manifest (it holds a NUL), or null when it may be one.</summary>
    public static string? BinaryError(string text, string displayName)
    {
        var nul = text.IndexOf('\0', StringComparison.Ordinal);
        return nul < 0 ? null : Binary(displayName, $"a NUL character at character {nul}");
    }

    private static (string? Text, string? Error) Decode(byte[] bytes, string displayName)
    {
        // UTF-16 and UTF-32 files carry NUL bytes but are text: kubectl reads them after their byte order mark.
        if (bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])
            || bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return (reader.ReadToEnd(), null);
        }

        var body = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes.AsSpan(3) : bytes.AsSpan();
        var nul = body.IndexOf((byte)0);
        if (nul >= 0)
        {
            return (null, Binary(displayName, $"a NUL byte at offset {nul}"));
        }

        var chars = new char[body.Length];
        var status = Utf8.ToUtf16(body, chars, out var read, out var written, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
        {
            var offset = read + (bytes.Length - body.Length);
            return (null, $"memoize lint: cannot lint {displayName}: it is not UTF-8 text (byte 0x{bytes[offset]:X2} at offset {offset}); save it as UTF-8");
        }

        return (new string(chars, 0, written), null);
    }

    private static string Binary(string displayName, string evidence) =>
        $"memoize lint: cannot lint {displayName}: it is a binary file, not YAML or JSON ({evidence}); lint only manifests";
}
