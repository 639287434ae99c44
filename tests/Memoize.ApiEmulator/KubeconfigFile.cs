using System.Text;
using YamlDotNet.Serialization;

namespace Memoize.ApiEmulator;

/// <summary>Writes a kubeconfig that points a real client at the emulator (CA data, bearer token, context, namespace).</summary>
internal static class KubeconfigFile
{
    /// <summary>The kubeconfig YAML.</summary>
    public static string Render(Uri server, string caPem, string token, string @namespace)
    {
        var config = new Dictionary<string, object>
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Config",
            ["clusters"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["name"] = "emulator",
                    ["cluster"] = new Dictionary<string, object>
                    {
                        ["server"] = server.ToString().TrimEnd('/'),
                        ["certificate-authority-data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(caPem)),
                    },
                },
            },
            ["users"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["name"] = "emulator",
                    ["user"] = new Dictionary<string, object> { ["token"] = token },
                },
            },
            ["contexts"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["name"] = "emulator",
                    ["context"] = new Dictionary<string, object>
                    {
                        ["cluster"] = "emulator",
                        ["user"] = "emulator",
                        ["namespace"] = @namespace,
                    },
                },
            },
            ["current-context"] = "emulator",
            ["preferences"] = new Dictionary<string, object>(),
        };
        return new SerializerBuilder().Build().Serialize(config);
    }
}
