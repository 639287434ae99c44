namespace Memoize.Webhook.Tests.Support;

/// <summary>One Dockerfile instruction: its keyword (upper case), its arguments as written, and the line it starts on.</summary>
public sealed record DockerfileInstruction(string Keyword, string Arguments, int Line)
{
    /// <summary>The arguments split on whitespace (enough for COPY, FROM, EXPOSE and USER).</summary>
    public string[] Words => Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
