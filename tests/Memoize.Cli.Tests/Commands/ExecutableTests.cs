using System.Diagnostics;
using Memoize.Cli.Tests.Support;

namespace Memoize.Cli.Tests.Commands;

/// <summary>One run of the real executable, to prove Program wires the console, stdin and exit code.</summary>
public class ExecutableTests
{
    [Fact]
    public async Task The_built_memoize_executable_lints_stdin_and_exits_with_the_verdict()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "memoize.dll"), "lint", "-" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["NO_COLOR"] = null, ["DOTNET_NOLOGO"] = "1" },
        };

        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(TestManifests.Workflow("hello", TestManifests.MemoizeWithKey("\"my.key\"")));
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("memoize lint did not finish within 30 s");
        }

        // Output is redirected, so no colour even without NO_COLOR.
        Assert.Equal("", await stderr);
        Assert.Equal(1, process.ExitCode);
        var output = await stdout;
        Assert.StartsWith("<stdin>:11: Workflow/hello: error: spec.templates[0].memoize.key: Invalid value: \"my.key\"", output, StringComparison.Ordinal);
        Assert.EndsWith("1 object checked in 1 file: 1 error\n", output, StringComparison.Ordinal);
    }
}
