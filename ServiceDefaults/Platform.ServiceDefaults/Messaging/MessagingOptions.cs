namespace Platform.ServiceDefaults.Messaging;

/// <summary>The <c>Messaging</c> configuration section: consumers, retries, the outbox relay and the inbox.</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>Messages RabbitMQ hands a consumer queue ahead of acknowledgement.</summary>
    public ushort PrefetchCount { get; set; } = 32;

    /// <summary>Messages one queue consumes at the same time, per replica.</summary>
    public int ConcurrentMessageLimit { get; set; } = 16;

    /// <summary>
    /// Waits between attempts of a failing consumer; after the last one the message goes to
    /// <c>&lt;queue&gt;_error</c>. Unset means 200 ms, 1 s, 5 s (an array, because configuration
    /// binding appends to a list that already has items instead of replacing them).
    /// </summary>
    public TimeSpan[]? RetryIntervals { get; set; }

    internal TimeSpan[] EffectiveRetryIntervals => RetryIntervals is { Length: > 0 } intervals
        ? intervals
        : [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)];

    public OutboxOptions Outbox { get; set; } = new();

    /// <summary>How long a consumed message id is remembered (a redelivery later than this is not recognised).</summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(30);
}

/// <summary>The relay that publishes the outbox: <c>Messaging:Outbox</c>.</summary>
public sealed class OutboxOptions
{
    /// <summary>False on a replica that should only write the outbox (another replica publishes it).</summary>
    public bool RelayEnabled { get; set; } = true;

    /// <summary>Rows one relay locks and publishes per transaction.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>The relay looks even without a notification this often (a missed NOTIFY costs at most this).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one publish may wait for RabbitMQ's confirm before the batch is retried later.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between attempts while RabbitMQ or the database is away, and the longest hold of an aggregate whose event fails to publish.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Sent rows are kept this long (for investigation), then deleted.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary><c>/health</c> reports Degraded when the oldest unsent event is older than this.</summary>
    public TimeSpan LagThreshold { get; set; } = TimeSpan.FromSeconds(30);
}
