using System.Text.Json;

namespace Platform.Hosting.Testing;

/// <summary>Reading event messages in assertions.</summary>
public static class EventMessages
{
    /// <summary>Whether the message's <paramref name="property"/> holds the string <paramref name="value"/>.</summary>
    public static bool Has(this JsonElement message, string property, string value) =>
        message.GetProperty(property).GetString() == value;
}
