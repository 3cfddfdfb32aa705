using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Platform.ServiceDefaults.Messaging.Inbox;
using Platform.ServiceDefaults.Messaging.Outbox;

namespace Platform.ServiceDefaults.Messaging;

/// <summary>The outbox and inbox tables every service's DbContext maps, and their migration extras.</summary>
public static class MessagingModel
{
    public const string OutboxTable = "outbox_messages";
    public const string InboxTable = "inbox_messages";

    /// <summary>The channel the outbox trigger notifies at commit; the relay listens on it.</summary>
    public const string OutboxChannel = "platform_outbox";

    /// <summary>Call from <c>OnModelCreating</c>: maps <see cref="OutboxMessage"/> and <see cref="InboxMessage"/>.</summary>
    public static ModelBuilder AddOutboxAndInbox(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable(OutboxTable);
            outbox.HasKey(m => m.Sequence);
            outbox.Property(m => m.Sequence).HasColumnName("sequence").UseIdentityAlwaysColumn();
            outbox.Property(m => m.MessageId).HasColumnName("message_id");
            outbox.Property(m => m.AggregateId).HasColumnName("aggregate_id").HasMaxLength(200);
            outbox.Property(m => m.MessageType).HasColumnName("message_type").HasMaxLength(200);
            outbox.Property(m => m.Body).HasColumnName("body");
            outbox.Property(m => m.TraceParent).HasColumnName("trace_parent").HasMaxLength(55);
            outbox.Property(m => m.TraceState).HasColumnName("trace_state").HasMaxLength(512);
            outbox.Property(m => m.CreatedAt).HasColumnName("created_at").HasDefaultValueSql("now()").ValueGeneratedOnAdd();
            outbox.Property(m => m.SentAt).HasColumnName("sent_at");
            outbox.HasIndex(m => m.MessageId).IsUnique();
            // What the relay reads: the unsent rows in order, and per aggregate.
            outbox.HasIndex(m => m.Sequence).HasDatabaseName("ix_outbox_messages_unsent").HasFilter("sent_at IS NULL");
            outbox.HasIndex(m => new { m.AggregateId, m.Sequence }).HasDatabaseName("ix_outbox_messages_unsent_by_aggregate").HasFilter("sent_at IS NULL");
            outbox.HasIndex(m => m.SentAt).HasDatabaseName("ix_outbox_messages_sent").HasFilter("sent_at IS NOT NULL");
        });
        modelBuilder.Entity<InboxMessage>(inbox =>
        {
            inbox.ToTable(InboxTable);
            inbox.HasKey(m => new { m.MessageId, m.Consumer });
            inbox.Property(m => m.MessageId).HasColumnName("message_id");
            inbox.Property(m => m.Consumer).HasColumnName("consumer").HasMaxLength(200);
            inbox.Property(m => m.ReceivedAt).HasColumnName("received_at").HasDefaultValueSql("now()").ValueGeneratedOnAdd();
            inbox.HasIndex(m => m.ReceivedAt);
        });
        return modelBuilder;
    }

    /// <summary>
    /// The first outbox migrations created a statement trigger that notified the relay of every
    /// commit that wrote events. It is gone (<see cref="DropOutboxNotifyTrigger"/>): NOTIFY
    /// serialises committing transactions in PostgreSQL and wakes a listening connection per
    /// commit; the committing replica now wakes its own relay (<c>OutboxCommitSignal</c>).
    /// </summary>
    public static void CreateOutboxNotifyTrigger(this MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql($"""
            CREATE OR REPLACE FUNCTION {OutboxTable}_notify() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('{OutboxChannel}', '');
                RETURN NULL;
            END $$;
            CREATE TRIGGER {OutboxTable}_notify AFTER INSERT ON {OutboxTable}
                FOR EACH STATEMENT EXECUTE FUNCTION {OutboxTable}_notify();
            """);
    }

    public static void DropOutboxNotifyTrigger(this MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql($"""
            DROP TRIGGER IF EXISTS {OutboxTable}_notify ON {OutboxTable};
            DROP FUNCTION IF EXISTS {OutboxTable}_notify();
            """);
    }
}
