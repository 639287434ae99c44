namespace Memoize.Cli;

/// <summary>The console a command talks to; tests pass string readers and writers instead of the real one.</summary>
/// <param name="In">Standard input (read by <c>memoize lint -</c>).</param>
/// <param name="Out">Standard output: results.</param>
/// <param name="Error">Standard error: problems that stop part of the work, and usage errors.</param>
/// <param name="Colour">Whether standard output may carry ANSI colour.</param>
public sealed record ConsoleStreams(TextReader In, TextWriter Out, TextWriter Error, bool Colour);
