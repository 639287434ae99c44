using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Memoize.Kubernetes;

/// <summary>
/// Writes every time as RFC 3339 in UTC with exactly six fractional digits (<c>2026-03-04T05:06:07.000000Z</c>). The package
/// writes a time on a whole second without a fraction, which kube-apiserver refuses in a MicroTime field (Lease
/// <c>spec.renewTime</c>/<c>acquireTime</c>, Event <c>eventTime</c>): apimachinery parses those with Go's layout
/// <c>2006-01-02T15:04:05.000000Z07:00</c>, which demands all six digits. A meta/v1 Time field (seconds) accepts the
/// fraction too, so one format serves both. Reading accepts any RFC 3339 time.
/// </summary>
internal sealed class MicroTimeConverter : JsonConverter<DateTime>
{
    private const string Format = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'";

    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString() ?? throw new JsonException("a time must be a string");
        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).UtcDateTime;
    }

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc);
        writer.WriteStringValue(utc.ToString(Format, CultureInfo.InvariantCulture));
    }
}
