using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Memoize.Webhook.Tests.Support;
using Xunit.Abstractions;

namespace Memoize.Webhook.Tests.Admission;

/// <summary>
/// Generated malformed and hostile AdmissionReviews, sent over HTTPS to the real server: every answer is a
/// well-formed 4xx without a stack trace, or an AdmissionReview answering the request's uid; never a 500, never a
/// dropped connection.
/// </summary>
public sealed class HostileReviewPropertyTests(ServerFixture fixture, ITestOutputHelper output) : IClassFixture<ServerFixture>
{
    private const int Cases = 300;

    private static readonly string[] Bases =
    [
        "workflow-create-kubectl-apply.json", "workflow-update-label.json", "workflowtemplate-create.json",
        "cronworkflow-create.json", "configmap-create-plain.json", "workflow-delete.json",
    ];

    // Where a wrong value is put: every level an Argo object or a review has.
    private static readonly string[][] Paths =
    [
        ["request"], ["request", "uid"], ["request", "kind"], ["request", "kind", "kind"], ["request", "operation"],
        ["request", "object"], ["request", "object", "metadata"], ["request", "object", "metadata", "labels"],
        ["request", "object", "spec"], ["request", "object", "spec", "templates"], ["request", "object", "spec", "templates", "0"],
        ["request", "object", "spec", "templates", "0", "memoize"], ["request", "object", "spec", "templates", "0", "memoize", "key"],
        ["request", "object", "spec", "templates", "0", "memoize", "cache"], ["request", "object", "spec", "workflowSpec"],
        ["request", "object", "spec", "templates", "0", "inputs"], ["request", "object", "spec", "arguments"],
        ["request", "oldObject"], ["request", "userInfo"], ["request", "dryRun"], ["apiVersion"], ["kind"],
    ];

    [Fact]
    public void Every_hostile_review_gets_a_clean_4xx_or_an_answer_to_its_uid()
    {
        var run = 0;
        var property = Prop.ForAll(Arb.From(HostileCase()), hostile =>
        {
            Interlocked.Increment(ref run);
            var problem = Task.Run(() => ProblemWithAnswerAsync(hostile)).GetAwaiter().GetResult();
            return problem is null ? true.Label("ok") : false.Label($"{hostile.Description}: {problem}");
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Cases), property);
        output.WriteLine($"{run} hostile AdmissionReviews sent");
        Assert.Equal(Cases, run);

        // A clean answer after an exception inside a handler is still a bug in the webhook (an Error line with a stack).
        var errors = fixture.Server.Logs.Lines.Where(l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Error).Select(l => $"{l.Message}: {l.Exception}").ToList();
        Assert.True(errors.Count == 0, $"{errors.Count} hostile reviews raised an internal error, e.g.:\n{errors.FirstOrDefault()}");
    }

    private async Task<string?> ProblemWithAnswerAsync(Hostile hostile)
    {
        var content = new ByteArrayContent(hostile.Body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        HttpResponseMessage response;
        try
        {
            response = await fixture.Server.Admission.PostAsync(hostile.Endpoint, content);
        }
        catch (HttpRequestException e)
        {
            return $"no answer ({e.Message})";
        }

        using (response)
        {
            return Judge(hostile, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
        }
    }

    /// <summary>What is wrong with the webhook's answer to a hostile review, or null when it is a clean 4xx Status or an answer to its uid.</summary>
    public static string? Judge(Hostile hostile, int status, string? mediaType, string text)
    {
        if (text.Contains("   at ", StringComparison.Ordinal) || text.Contains("Exception", StringComparison.Ordinal))
        {
            return $"{status} leaks a stack trace or exception: {Shorten(text)}";
        }

        if (mediaType != "application/json")
        {
            return $"{status} with Content-Type {mediaType}";
        }

        var body = JsonNode.Parse(text) as JsonObject;
        if (status is >= 400 and < 500)
        {
            return body?["kind"]?.GetValue<string>() == "Status" && (int?)body["code"] == status && body["message"] is JsonValue
                ? null
                : $"{status} without a Status body: {Shorten(text)}";
        }

        if (status != 200)
        {
            return $"{status}: {Shorten(text)}";
        }

        var uid = body?["response"]?["uid"]?.GetValue<string>();
        return body?["kind"]?.GetValue<string>() == "AdmissionReview" && hostile.Uid is not null && uid == hostile.Uid
            ? null
            : $"200 answering uid {uid ?? "(none)"} to a request with uid {hostile.Uid ?? "(none)"}: {Shorten(text)}";
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "...";

    /// <summary>The generator of hostile reviews (also the soak's hostile load).</summary>
    public static Gen<Hostile> HostileCase() =>
        from baseName in Gen.Elements(Bases)
        from endpoint in Gen.Elements("/validate", "/mutate")
        from uid in Gen.Elements("u-1", "8d7c6b5a-0000-4000-8000-000000000001", "ü-☃", "x")
        from damage in Gen.Choose(0, 7)
        from path in Gen.Elements(Paths)
        from value in HostileValue()
        from seed in Gen.Choose(0, int.MaxValue - 1)
        select Damage(baseName, endpoint, uid, damage, path, value, seed);

    private static Gen<(string Name, Func<JsonNode?> Make)> HostileValue() => Gen.Elements<(string, Func<JsonNode?>)>(
        ("null", () => null),
        ("a number", () => JsonValue.Create(-1.5e300)),
        ("true", () => JsonValue.Create(true)),
        ("an empty string", () => JsonValue.Create("")),
        ("a 1 MiB string", () => JsonValue.Create(new string('k', 1024 * 1024))),
        ("a string of control characters and surrogates", () => JsonValue.Create("\u0000\u001f\ud83d\ude00\u202e{{inputs}}")),
        ("an array", () => new JsonArray(1, "two", null)),
        ("an empty object", () => new JsonObject()),
        ("60 levels of arrays", () => Nested(60)),
        ("200 levels of arrays", () => Nested(200)),
        ("10,000 templates", () => new JsonArray(Enumerable.Range(0, 10_000).Select(i => (JsonNode)new JsonObject { ["name"] = $"t{i}", ["memoize"] = new JsonObject { ["key"] = "k" } }).ToArray())));

    private static JsonNode Nested(int depth)
    {
        JsonNode node = new JsonArray();
        for (var i = 1; i < depth; i++)
        {
            node = new JsonArray(node);
        }

        return node;
    }

    private static Hostile Damage(string baseName, string endpoint, string uid, int damage, string[] path, (string Name, Func<JsonNode?> Make) value, int seed)
    {
        var review = Fixtures.AdmissionJson(baseName);
        if (review["request"] is JsonObject request)
        {
            request["uid"] = uid;
        }

        string? expectedUid = uid;
        string description;
        switch (damage)
        {
            case 0 or 1 or 2:
                description = $"{string.Join('.', path)} set to {value.Name} in {baseName}";
                var made = value.Make();
                Set(review, path, made);
                if (path is ["request"] or ["request", "uid"])
                {
                    // Only a non-empty string can be answered as a uid.
                    expectedUid = path is ["request", "uid"] && made is JsonValue v && v.TryGetValue<string>(out var newUid) && newUid.Length > 0 ? newUid : null;
                }

                break;
            case 3:
                description = $"no uid in {baseName}";
                (review["request"] as JsonObject)?.Remove("uid");
                expectedUid = null;
                break;
            case 4:
                var operation = new[] { "PATCH", "create", "", "CONNECT ", "DELETE\u0000" }[seed % 5];
                description = $"operation \"{operation}\" in {baseName}";
                Set(review, ["request", "operation"], JsonValue.Create(operation));
                break;
            case 5:
                var apiVersion = new[] { "admission.k8s.io/v1beta1", "admission.k8s.io/v2", "", "v1", "ADMISSION.K8S.IO/V1" }[seed % 5];
                description = $"apiVersion \"{apiVersion}\" in {baseName}";
                review["apiVersion"] = apiVersion;
                break;
            case 6:
                description = $"duplicate keys in {baseName}";
                var text = review.ToJsonString();
                var duplicated = text.Replace("\"request\":{", "\"request\":{\"uid\":17,\"kind\":[],\"operation\":{},", StringComparison.Ordinal)
                    .Replace("\"metadata\":{", "\"metadata\":{\"name\":1,\"labels\":\"x\",", StringComparison.Ordinal);
                return new Hostile(description, endpoint, Encoding.UTF8.GetBytes(duplicated), uid);
            default:
                var bytes = Encoding.UTF8.GetBytes(review.ToJsonString());
                var bad = new byte[][] { [0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82] }[seed % 5];
                var at = seed % bytes.Length;
                description = $"invalid UTF-8 {Convert.ToHexString(bad)} at byte {at} of {baseName}";
                return new Hostile(description, endpoint, [.. bytes[..at], .. bad, .. bytes[at..]], null);
        }

        return new Hostile(description, endpoint, Encoding.UTF8.GetBytes(review.ToJsonString()), expectedUid);
    }

    // Puts the value at the path, making the objects on the way if they are missing; the root is left alone.
    private static void Set(JsonObject review, string[] path, JsonNode? value)
    {
        if (path.Length == 0)
        {
            return;
        }

        JsonNode current = review;
        foreach (var step in path[..^1])
        {
            JsonNode? next = current switch
            {
                JsonArray array when int.TryParse(step, out var i) => i < array.Count ? array[i] : null,
                JsonObject obj => obj[step],
                _ => null,
            };
            if (next is not (JsonObject or JsonArray))
            {
                next = new JsonObject();
                switch (current)
                {
                    case JsonArray array:
                        array.Add(next);
                        break;
                    case JsonObject obj:
                        obj[step] = next;
                        break;
                }
            }

            current = next;
        }

        switch (current)
        {
            case JsonArray array:
                array.Add(value);
                break;
            case JsonObject obj:
                obj[path[^1]] = value;
                break;
        }
    }

    /// <summary>One generated request: what was damaged, where it goes, its bytes, and the uid an answer must carry (null: none may be answered with 200).</summary>
    public sealed record Hostile(string Description, string Endpoint, byte[] Body, string? Uid)
    {
        public override string ToString() => Description;
    }
}
