using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Memoize.Bench;
using Memoize.Bench.Admission;

// The admission benchmark's baseline server, started by the benchmark itself in its own process.
if (args.FirstOrDefault() == BareAdmissionServer.Verb)
{
    return await BareAdmissionServer.RunAsync(args);
}

// In-process: no generated project to rebuild (which would also inherit the repository's build settings).
// --quick: a short job (3 warm-ups, 3 iterations) so the whole run takes a minute or two.
// A first argument names one suite (admission, lint); none runs them all.
var quick = args.Contains("--quick");
var suite = args.FirstOrDefault(arg => !arg.StartsWith("--", StringComparison.Ordinal));
var job = (quick ? Job.ShortRun : Job.Default).WithToolchain(BenchmarkDotNet.Toolchains.InProcess.Emit.InProcessEmitToolchain.Instance);
var config = DefaultConfig.Instance
    .AddJob(job)
    .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "memoize-bench-artifacts"));
var failed = false;

if (suite is null or "admission")
{
    failed |= await AdmissionLoadBenchmark.RunAsync(quick) != 0;
    var admission = BenchmarkRunner.Run<AdmissionReviewBenchmarks>(config);
    Console.WriteLine();
    Console.WriteLine(AllocationTable.Format(admission));
    failed |= admission.HasCriticalValidationErrors || admission.Reports.Any(report => !report.Success);
}

if (suite is null or "lint")
{
    var summary = BenchmarkRunner.Run<LintBenchmarks>(config);
    Console.WriteLine();
    Console.WriteLine("Growth against 10 templates (linear: time and alloc ratios close to the size ratio)");
    Console.WriteLine(GrowthTable.Format(summary));
    failed |= summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success);
}

return failed ? 1 : 0;
