using System.Globalization;
using System.Text;

namespace Memoize.Bench;

/// <summary>A Workflow with many memoized templates, as YAML text: the benchmark's input.</summary>
public static class MemoizedWorkflow
{
    /// <summary>
    /// A valid Workflow with <paramref name="templates"/> memoized templates; each key uses an input and a
    /// workflow parameter, so every template exercises substitution and the key, name and maxAge rules.
    /// </summary>
    public static string Yaml(int templates)
    {
        var yaml = new StringBuilder("""
            apiVersion: argoproj.io/v1alpha1
            kind: Workflow
            metadata:
              generateName: bench-
            spec:
              entrypoint: step-0
              arguments:
                parameters:
                  - name: run
                    value: nightly

            """);
        yaml.Append("  templates:\n");
        for (var i = 0; i < templates; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $$$"""
                    - name: step-{{{i}}}
                      inputs:
                        parameters:
                          - name: message
                      memoize:
                        key: "step-{{{i}}}-{{workflow.parameters.run}}-{{inputs.parameters.message}}"
                        maxAge: "24h"
                        cache:
                          configMap:
                            name: bench-cache-{{{i % 10}}}
                      container:
                        image: busybox
                        command: [echo, "{{inputs.parameters.message}}"]

                """);
        }

        return yaml.ToString();
    }
}
