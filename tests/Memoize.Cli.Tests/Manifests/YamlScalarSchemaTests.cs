using System.Text.Encodings.Web;
using System.Text.Json;
using Memoize.Cli.Manifests;

namespace Memoize.Cli.Tests.Manifests;

public class YamlScalarSchemaTests
{
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // What kubectl turns each YAML value into (sigs.k8s.io/yaml resolves plain scalars with YAML 1.1 rules).
    [Theory]
    [InlineData("maxAge: 10", "10")]
    [InlineData("maxAge: \"10\"", "\"10\"")]
    [InlineData("maxAge: '10'", "\"10\"")]
    [InlineData("key: \"123\"", "\"123\"")]
    [InlineData("key: 123", "123")]
    [InlineData("key: -7", "-7")]
    [InlineData("key: +7", "7")]
    [InlineData("key: 1_000", "1000")]
    [InlineData("key: 0x1F", "31")]
    [InlineData("key: 010", "8")]
    [InlineData("key: 0b101", "5")]
    [InlineData("key: 1.5", "1.5")]
    [InlineData("key: .5", "0.5")]
    [InlineData("key: 1e3", "1000")]
    [InlineData("key: 9223372036854775807", "9223372036854775807")]
    [InlineData("key: -9223372036854775808", "-9223372036854775808")]
    [InlineData("key: 10s", "\"10s\"")]
    [InlineData("key: 1h30m", "\"1h30m\"")]
    [InlineData("key: .inf", "\".inf\"")]
    [InlineData("key: 1.2.3", "\"1.2.3\"")]
    [InlineData("key: +", "\"+\"")]
    [InlineData("key: -x", "\"-x\"")]
    [InlineData("key: true", "true")]
    [InlineData("key: False", "false")]
    [InlineData("key: yes", "true")]
    [InlineData("key: off", "false")]
    [InlineData("key: \"yes\"", "\"yes\"")]
    [InlineData("key: ~", "null")]
    [InlineData("key: null", "null")]
    [InlineData("key:", "null")]
    [InlineData("key: \"\"", "\"\"")]
    [InlineData("key: !!str 10", "\"10\"")]
    [InlineData("key: !!int \"10\"", "10")]
    [InlineData("key: !custom 10", "10")]
    [InlineData("key: |\n  10\n", "\"10\\n\"")]
    [InlineData("key: my-key", "\"my-key\"")]
    public void Scalar_gets_the_json_type_kubectl_gives_it(string yaml, string expectedJson)
    {
        var document = Assert.Single(YamlManifestReader.Read(yaml));

        var value = document.Content.AsObject().Single().Value;

        Assert.Equal(expectedJson, value?.ToJsonString(Readable) ?? "null");
    }
}
