namespace Memoize.Cli.Tests.Support;

/// <summary>Small Argo manifests for tests, written as a person would write them.</summary>
public static class TestManifests
{
    /// <summary>A correct memoize block (indented to sit under a template).</summary>
    public const string GoodMemoize = """
              memoize:
                key: "my-key"
                maxAge: "24h"
                cache:
                  configMap:
                    name: my-cache
        """;

    /// <summary>A Workflow named <paramref name="name"/> with one template "main" carrying <paramref name="memoize"/> (9 lines before it).</summary>
    public static string Workflow(string name, string memoize) => $"""
        apiVersion: argoproj.io/v1alpha1
        kind: Workflow
        metadata:
          name: {name}
        spec:
          entrypoint: main
          templates:
            - name: main
              container: {"{"}image: busybox{"}"}
        {memoize}

        """;

    /// <summary>A memoize block with the given key, maxAge "24h" and cache my-cache; the key is on the block's second line.</summary>
    public static string MemoizeWithKey(string keyYaml) => $"""
              memoize:
                key: {keyYaml}
                maxAge: "24h"
                cache:
                  configMap:
                    name: my-cache
        """;
}
