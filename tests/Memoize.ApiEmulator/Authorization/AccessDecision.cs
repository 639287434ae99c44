namespace Memoize.ApiEmulator.Authorization;

/// <summary>An authorizer's answer: allowed, explicitly denied, or no opinion (both false), with a reason.</summary>
internal sealed record AccessDecision(bool Allowed, bool Denied, string Reason);
