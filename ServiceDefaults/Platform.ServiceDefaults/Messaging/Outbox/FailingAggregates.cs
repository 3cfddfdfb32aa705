using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Platform.ServiceDefaults.Messaging.Outbox;

/// <summary>
/// The aggregates whose next event this replica's relay could not publish. Each is held back (left
/// out of the relay's batches) for a wait that doubles with every failure, up to
/// <see cref="OutboxOptions.MaxBackoff"/>, so an event that cannot be published delays only its own
/// aggregate's later events; <c>/health</c> names it.
/// </summary>
internal sealed class FailingAggregates(TimeProvider time, IOptions<MessagingOptions> options)
{
    private static readonly TimeSpan ForgottenAfter = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<string, AggregateFailure> _failures = new(StringComparer.Ordinal);
    private readonly Backoff _waits = new(TimeSpan.FromMilliseconds(500), options.Value.Outbox.MaxBackoff);

    /// <summary>
    /// Records a failed publish (<paramref name="logged"/>: the relay logged it as the aggregate's
    /// own fault); returns the aggregate's previous failure, null when it was not failing.
    /// </summary>
    public AggregateFailure? Failed(FailedPublish failed, bool logged)
    {
        var pending = failed.Event;
        _failures.TryGetValue(pending.AggregateId, out var earlier);
        var attempts = (earlier?.Attempts ?? 0) + 1;
        _failures[pending.AggregateId] = new AggregateFailure(
            pending.Sequence, pending.MessageType, failed.Error.Message, attempts, time.GetUtcNow() + _waits.After(attempts), logged || earlier is { Logged: true });
        return earlier;
    }

    /// <summary>The aggregate published again; its failure, null when it was not failing.</summary>
    public AggregateFailure? Published(string aggregateId) => _failures.TryRemove(aggregateId, out var failure) ? failure : null;

    /// <summary>
    /// The aggregates to leave out of the next batch: their wait has not passed yet. One not tried
    /// again within an hour after its wait has nothing left for this relay (another replica
    /// published it, or its rows are gone) and is forgotten.
    /// </summary>
    public string[] HeldBack()
    {
        var now = time.GetUtcNow();
        foreach (var (aggregate, failure) in _failures)
        {
            if (failure.RetryAt + ForgottenAfter < now)
            {
                _failures.TryRemove(aggregate, out _);
            }
        }

        return [.. _failures.Where(f => f.Value.RetryAt > now).Select(f => f.Key)];
    }

    public AggregateFailure? Of(string aggregateId) => _failures.GetValueOrDefault(aggregateId);
}

/// <summary>The last failed publish of an aggregate's next event, when the relay tries it again, and whether its failing was logged.</summary>
internal sealed record AggregateFailure(long Sequence, string MessageType, string Error, int Attempts, DateTimeOffset RetryAt, bool Logged);
