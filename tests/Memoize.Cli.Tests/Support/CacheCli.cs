using Memoize.Testing.Time;

namespace Memoize.Cli.Tests.Support;

/// <summary>Runs the memoize command line in-process at <see cref="SeededCaches.Now"/> (or a given time).</summary>
public static class CacheCli
{
    /// <summary>Runs <c>memoize ARGS</c> on a worker thread (the command blocks on its network calls) and returns what it printed.</summary>
    public static Task<CliResult> RunAsync(bool colour, string[] args, DateTimeOffset? now = null) =>
        Task.Run(() =>
        {
            using var output = new StringWriter { NewLine = "\n" };
            using var error = new StringWriter { NewLine = "\n" };
            var exitCode = MemoizeCommandLine.Run(args, new StringReader(""), output, error, colour, new ManualTimeProvider(now ?? SeededCaches.Now));
            return new CliResult(exitCode, output.ToString(), error.ToString());
        });
}
