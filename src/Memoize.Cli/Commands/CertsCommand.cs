using System.CommandLine;

namespace Memoize.Cli.Commands;

/// <summary><c>memoize certs dev</c>: certificates for running the webhook in development.</summary>
public static class CertsCommand
{
    /// <summary>The <c>certs</c> command with its subcommands; <paramref name="clock"/> dates the certificates.</summary>
    public static Command Create(ConsoleStreams console, TimeProvider clock) =>
        new("certs", "Certificates for the admission webhook.")
        {
            CertsDevCommand.Create(console, clock),
        };
}
