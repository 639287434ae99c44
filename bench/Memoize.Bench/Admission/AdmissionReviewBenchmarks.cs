using System.Diagnostics.Metrics;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Memoize.Core.Objects;
using Memoize.Core.Rules;
using Memoize.Webhook.Admission;
using Memoize.Webhook.Admission.Decorators;
using Memoize.Webhook.Metrics;
using Memoize.Webhook.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Memoize.Bench.Admission;

/// <summary>
/// Time and bytes allocated per review of a Workflow with 10, 100 and 1,000 memoized templates, through the webhook's
/// own /validate pipeline (body to answer, decorators included) on an in-memory HTTP context; an UPDATE with an
/// unchanged spec; and the parse and the rules alone, to show where the time goes.
/// </summary>
[MemoryDiagnoser]
public class AdmissionReviewBenchmarks : IDisposable
{
    private readonly MemoryStream _answer = new();
    private ServiceProvider? _services;
    private MeterListener? _listener;
    private AdmissionHttpAdapter _validate = null!;
    private byte[] _create = [];
    private byte[] _unchangedUpdate = [];
    private ReadOnlyArgoObject _parsed = null!;

    /// <summary>How many memoized templates the Workflow has.</summary>
    [Params(10, 100, 1000)]
    public int Templates { get; set; }

    /// <summary>Builds the bodies and the pipeline the webhook's host builds for /validate.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _create = AdmissionBodies.WorkflowWithTemplates(Templates);
        _unchangedUpdate = AdmissionBodies.UnchangedSpecUpdate(Templates);
        _parsed = ReadOnlyArgoObject.TryFrom(JsonElement.Parse(_create).GetProperty("request").GetProperty("object"))!;
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new WebhookMetrics(_services.GetRequiredService<IMeterFactory>(), () => null);
        // The webhook's exporter listens to its instruments; a listener that drops values keeps the recording cost in.
        _listener = new MeterListener { InstrumentPublished = (instrument, listener) => listener.EnableMeasurementEvents(instrument) };
        _listener.Start();
        // Allowed reviews are logged at Debug, below the webhook's Information: a disabled logger costs the same.
        ILogger logger = NullLogger.Instance;
        IAdmissionHandler handler = new LoggedAdmissionHandler(
            new MeteredAdmissionHandler(new FailurePolicyGuard(new UnchangedSpecFilter(new ValidationHandler()), FailurePolicy.Fail, "validate", metrics, logger), "validate", metrics),
            "validate",
            logger);
        _validate = new AdmissionHttpAdapter("validate", handler, metrics, logger);
        var answer = Review(_create).GetAwaiter().GetResult();
        if (!answer.Contains("\"allowed\":true", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"the benchmark Workflow should be allowed: {answer}");
        }
    }

    /// <summary>A CREATE of the Workflow through /validate: parse, rules, answer.</summary>
    [Benchmark(Baseline = true)]
    public Task<string> Create() => Review(_create);

    /// <summary>An UPDATE whose spec is unchanged (a status write): allowed without running the rules.</summary>
    [Benchmark]
    public Task<string> UnchangedSpecUpdate() => Review(_unchangedUpdate);

    /// <summary>Only parsing the body as the adapter does: a pooled read-only document over the body, duplicate keys refused.</summary>
    [Benchmark]
    public int ParseOnly()
    {
        using var document = JsonDocument.Parse(_create.AsMemory(), new JsonDocumentOptions { MaxDepth = AdmissionHttpAdapter.MaxDepth, AllowDuplicateProperties = false });
        return document.RootElement.GetProperty("request").GetPropertyCount();
    }

    /// <summary>Only the rules, on an object parsed once in setup.</summary>
    [Benchmark]
    public int RulesOnly() => MemoizeValidator.Validate(_parsed).Count;

    /// <inheritdoc />
    public void Dispose()
    {
        _listener?.Dispose();
        _services?.Dispose();
        _answer.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task<string> Review(byte[] body)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json";
        context.Request.ContentLength = body.Length;
        context.Request.Body = new MemoryStream(body, writable: false);
        _answer.SetLength(0);
        context.Response.Body = _answer;
        await _validate.HandleAsync(context);
        return context.Response.StatusCode == 200 && _answer.Length > 0
            ? System.Text.Encoding.UTF8.GetString(_answer.GetBuffer(), 0, (int)_answer.Length)
            : throw new InvalidOperationException($"/validate answered {context.Response.StatusCode}");
    }
}
