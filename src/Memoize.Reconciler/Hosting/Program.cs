using System.Runtime.InteropServices;
using Memoize.Reconciler.Hosting;
using Microsoft.Extensions.Logging;

// SIGTERM (Kubernetes) and Ctrl+C stop the reconciler gracefully: workers stop and the Lease is released.
using var stop = new CancellationTokenSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(console =>
{
    console.SingleLine = true;
    console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
    console.UseUtcTimestamp = true;
}));
return await ReconcilerCommand.RunAsync(args, ReconcilerCommand.ProcessEnvironment(), Console.Out, Console.Error, loggers, stop.Token);
