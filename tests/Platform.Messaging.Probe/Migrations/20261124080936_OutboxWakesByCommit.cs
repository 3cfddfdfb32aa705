using Microsoft.EntityFrameworkCore.Migrations;
using Platform.ServiceDefaults.Messaging;

#nullable disable

namespace Platform.Messaging.Probe.Migrations
{
    /// <inheritdoc />
    public partial class OutboxWakesByCommit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The committing replica wakes its relay itself (OutboxCommitSignal); NOTIFY serialised commits.
            migrationBuilder.DropOutboxNotifyTrigger();
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateOutboxNotifyTrigger();
        }
    }
}
