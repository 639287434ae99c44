using System.Text.Json.Nodes;

namespace Memoize.ApiEmulator.Tests.Support;

/// <summary>An open watch response, read line by line with a deadline per line.</summary>
public sealed class WatchStream : IAsyncDisposable
{
    private readonly HttpResponseMessage response;
    private readonly StreamReader reader;

    private WatchStream(HttpResponseMessage response, StreamReader reader)
    {
        this.response = response;
        this.reader = reader;
    }

    /// <summary>The HTTP response (status and headers).</summary>
    public HttpResponseMessage Response => response;

    /// <summary>Opens a watch on <paramref name="path"/> (which must carry <c>watch=true</c>).</summary>
    public static async Task<WatchStream> OpenAsync(HttpClient client, string path)
    {
        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, path), HttpCompletionOption.ResponseHeadersRead);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        return new WatchStream(response, reader);
    }

    /// <summary>The next event line as JSON; fails after 10 s.</summary>
    public async Task<JsonObject> NextAsync()
    {
        var line = await Eventually.WithinDeadline(reader.ReadLineAsync(), "the next watch event");
        Assert.True(line is not null, "The watch stream ended before the expected event.");
        return (JsonObject)JsonNode.Parse(line!)!;
    }

    /// <summary>The raw next line (null at end of stream); fails after 10 s.</summary>
    public Task<string?> NextLineAsync() => Eventually.WithinDeadline(reader.ReadLineAsync(), "the next watch line");

    /// <summary>Reads to the end; returns the remaining lines; fails after 10 s.</summary>
    public async Task<IReadOnlyList<string>> ReadToEndAsync()
    {
        var rest = await Eventually.WithinDeadline(reader.ReadToEndAsync(), "the end of the watch stream");
        return rest.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Closes the stream.</summary>
    public ValueTask DisposeAsync()
    {
        reader.Dispose();
        response.Dispose();
        return ValueTask.CompletedTask;
    }
}
