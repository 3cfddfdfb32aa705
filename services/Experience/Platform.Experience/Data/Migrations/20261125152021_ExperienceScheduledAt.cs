using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Experience.Data.Migrations
{
    /// <inheritdoc />
    public partial class ExperienceScheduledAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ScheduledAt",
                table: "experiences",
                type: "timestamp with time zone",
                nullable: true);

            // Backfill (docs/experience.md, "Calendars"): every experience past Draft was scheduled,
            // at the time of its ExperienceScheduled when the outbox still holds it, else at the
            // earliest it can have been, its creation. A cancelled one was scheduled when anything
            // only a scheduled experience has is left: a registration, a recorded step, an event
            // under its id (a draft publishes none). Otherwise it counts as a cancelled draft.
            migrationBuilder.Sql("""
                UPDATE experiences e SET "ScheduledAt" = coalesce(
                    (SELECT min(o.created_at) FROM outbox_messages o
                     WHERE o.aggregate_id = e."Id"::text AND o.message_type = 'Platform.Contracts.Events.ExperienceScheduled, Platform.Contracts'),
                    e."CreatedAt")
                WHERE e."Status" IN ('Scheduled', 'Running', 'Completed')
                   OR (e."Status" = 'Cancelled' AND (
                       EXISTS (SELECT 1 FROM registrations r WHERE r."ExperienceId" = e."Id")
                       OR EXISTS (SELECT 1 FROM step_records s WHERE s."ExperienceId" = e."Id")
                       OR EXISTS (SELECT 1 FROM outbox_messages o WHERE o.aggregate_id = e."Id"::text)));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ScheduledAt",
                table: "experiences");
        }
    }
}
