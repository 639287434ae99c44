namespace Memoize.ApiEmulator.Patching;

/// <summary>A JSON Patch operation that cannot be applied (failed <c>test</c>, missing path, bad index).</summary>
internal sealed class JsonPatchException(string message) : Exception(message);
