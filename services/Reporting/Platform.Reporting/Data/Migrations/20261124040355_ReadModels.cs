using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Platform.Reporting.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReadModels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "actions",
                columns: table => new
                {
                    ActionId = table.Column<Guid>(type: "uuid", nullable: false),
                    ExperienceId = table.Column<Guid>(type: "uuid", nullable: true),
                    PartnerId = table.Column<Guid>(type: "uuid", nullable: true),
                    Title = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Theme = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    OwnerProfessionalId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    StatusChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CommittedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    CompletedOn = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_actions", x => x.ActionId);
                });

            migrationBuilder.CreateTable(
                name: "attendances",
                columns: table => new
                {
                    RegistrationId = table.Column<Guid>(type: "uuid", nullable: false),
                    SessionId = table.Column<Guid>(type: "uuid", nullable: false),
                    ExperienceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProfessionalId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Attended = table.Column<bool>(type: "boolean", nullable: false),
                    Channel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    SessionStartsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Hours = table.Column<decimal>(type: "numeric(12,4)", precision: 12, scale: 4, nullable: false),
                    PartnerId = table.Column<Guid>(type: "uuid", nullable: true),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_attendances", x => new { x.RegistrationId, x.SessionId });
                });

            migrationBuilder.CreateTable(
                name: "engagements",
                columns: table => new
                {
                    EngagementId = table.Column<Guid>(type: "uuid", nullable: false),
                    ExpertId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ExperienceId = table.Column<Guid>(type: "uuid", nullable: true),
                    PlannedHours = table.Column<decimal>(type: "numeric(12,4)", precision: 12, scale: 4, nullable: false),
                    LoggedHours = table.Column<decimal>(type: "numeric(12,4)", precision: 12, scale: 4, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_engagements", x => x.EngagementId);
                });

            migrationBuilder.CreateTable(
                name: "experiences",
                columns: table => new
                {
                    ExperienceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    FormatId = table.Column<Guid>(type: "uuid", nullable: false),
                    FormatName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    HostPartnerIds = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    PhasesCompleted = table.Column<int>(type: "integer", nullable: false),
                    StepsSkipped = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_experiences", x => x.ExperienceId);
                });

            migrationBuilder.CreateTable(
                name: "feedback",
                columns: table => new
                {
                    FeedbackId = table.Column<Guid>(type: "uuid", nullable: false),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    ExperienceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ExperienceKind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    FormatId = table.Column<Guid>(type: "uuid", nullable: false),
                    HostPartnerIds = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    ProfessionalId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Score = table.Column<int>(type: "integer", nullable: false),
                    WillAct = table.Column<bool>(type: "boolean", nullable: false),
                    Comment = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Day = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_feedback", x => x.FeedbackId);
                });

            migrationBuilder.CreateTable(
                name: "figures",
                columns: table => new
                {
                    Metric = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Dimension = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Stripe = table.Column<short>(type: "smallint", nullable: false),
                    Value = table.Column<decimal>(type: "numeric(20,4)", precision: 20, scale: 4, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_figures", x => new { x.Metric, x.Dimension, x.Day, x.Stripe });
                });

            migrationBuilder.CreateTable(
                name: "forum_activity",
                columns: table => new
                {
                    MemberId = table.Column<Guid>(type: "uuid", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forum_activity", x => new { x.MemberId, x.Day });
                });

            migrationBuilder.CreateTable(
                name: "journal",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    EventId = table.Column<Guid>(type: "uuid", nullable: false),
                    Type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    OccurredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Body = table.Column<string>(type: "jsonb", nullable: false),
                    ProfessionalId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_journal", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "members",
                columns: table => new
                {
                    MemberId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProfessionalId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    JoinedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ErasedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_members", x => x.MemberId);
                });

            migrationBuilder.CreateTable(
                name: "organizations",
                columns: table => new
                {
                    OrganizationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Sector = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Stage = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    StageChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EnteredStage = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    ConvertedFromLead = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_organizations", x => x.OrganizationId);
                });

            migrationBuilder.CreateTable(
                name: "reach_ledger",
                columns: table => new
                {
                    ProfessionalId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    FirstReachedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FirstReachDay = table.Column<DateOnly>(type: "date", nullable: false),
                    Channel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ExperienceId = table.Column<Guid>(type: "uuid", nullable: false),
                    PartnerId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reach_ledger", x => x.ProfessionalId);
                });

            migrationBuilder.CreateTable(
                name: "registrations",
                columns: table => new
                {
                    RegistrationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ExperienceId = table.Column<Guid>(type: "uuid", nullable: false),
                    SessionId = table.Column<Guid>(type: "uuid", nullable: true),
                    ProfessionalId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Seated = table.Column<bool>(type: "boolean", nullable: false),
                    Waitlisted = table.Column<bool>(type: "boolean", nullable: false),
                    Promoted = table.Column<bool>(type: "boolean", nullable: false),
                    Cancelled = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_registrations", x => x.RegistrationId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_actions_ExperienceId",
                table: "actions",
                column: "ExperienceId");

            migrationBuilder.CreateIndex(
                name: "IX_actions_OwnerProfessionalId",
                table: "actions",
                column: "OwnerProfessionalId");

            migrationBuilder.CreateIndex(
                name: "IX_actions_PartnerId",
                table: "actions",
                column: "PartnerId");

            migrationBuilder.CreateIndex(
                name: "IX_attendances_ExperienceId",
                table: "attendances",
                column: "ExperienceId");

            migrationBuilder.CreateIndex(
                name: "IX_attendances_ProfessionalId",
                table: "attendances",
                column: "ProfessionalId");

            migrationBuilder.CreateIndex(
                name: "IX_engagements_OrganizationId",
                table: "engagements",
                column: "OrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_experiences_HostPartnerIds",
                table: "experiences",
                column: "HostPartnerIds")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "IX_feedback_ExperienceId",
                table: "feedback",
                column: "ExperienceId");

            migrationBuilder.CreateIndex(
                name: "IX_feedback_ProfessionalId",
                table: "feedback",
                column: "ProfessionalId");

            migrationBuilder.CreateIndex(
                name: "IX_forum_activity_Day",
                table: "forum_activity",
                column: "Day");

            migrationBuilder.CreateIndex(
                name: "IX_journal_EventId",
                table: "journal",
                column: "EventId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_journal_ProfessionalId",
                table: "journal",
                column: "ProfessionalId",
                filter: "\"ProfessionalId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_members_ProfessionalId",
                table: "members",
                column: "ProfessionalId");

            migrationBuilder.CreateIndex(
                name: "IX_registrations_ExperienceId",
                table: "registrations",
                column: "ExperienceId");

            migrationBuilder.CreateIndex(
                name: "IX_registrations_ProfessionalId",
                table: "registrations",
                column: "ProfessionalId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "actions");

            migrationBuilder.DropTable(
                name: "attendances");

            migrationBuilder.DropTable(
                name: "engagements");

            migrationBuilder.DropTable(
                name: "experiences");

            migrationBuilder.DropTable(
                name: "feedback");

            migrationBuilder.DropTable(
                name: "figures");

            migrationBuilder.DropTable(
                name: "forum_activity");

            migrationBuilder.DropTable(
                name: "journal");

            migrationBuilder.DropTable(
                name: "members");

            migrationBuilder.DropTable(
                name: "organizations");

            migrationBuilder.DropTable(
                name: "reach_ledger");

            migrationBuilder.DropTable(
                name: "registrations");
        }
    }
}
