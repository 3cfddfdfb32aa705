using System.Text.Json;
using Platform.Hosting.Testing;

namespace Platform.Partner.Tests;

/// <summary>Waiting for one event on a bound subscriber.</summary>
public static class Arrivals
{
    /// <summary>The message of the next event that matches (those before it are skipped), or a failure naming how many others came within 15 s.</summary>
    public static async Task<JsonElement> NextAsync(this EventSubscriber events, Func<JsonElement, bool> matches, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var others = 0;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            // One at a time, so the events after the match stay queued for the next call.
            while (await events.TakeAsync(cancellationToken) is { } envelope)
            {
                var message = envelope.GetProperty("message");
                if (matches(message))
                {
                    return message;
                }

                others++;
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new TimeoutException($"The expected event did not arrive within 15 s ({others} other(s) did).");
    }

    /// <summary>Whether the message's <paramref name="property"/> holds <paramref name="value"/>.</summary>
    public static bool Has(this JsonElement message, string property, string value) =>
        message.GetProperty(property).GetString() == value;
}
