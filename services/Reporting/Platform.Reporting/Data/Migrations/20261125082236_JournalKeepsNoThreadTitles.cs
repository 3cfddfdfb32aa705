using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Reporting.Data.Migrations
{
    /// <inheritdoc />
    public partial class JournalKeepsNoThreadTitles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A thread's title is its author's own words, no figure uses it, and an erasure cannot find it
            // (the event names a member, not a professional): the journal keeps it empty (PersonalData.NotJournaled).
            migrationBuilder.Sql("""
                UPDATE journal SET "Body" = jsonb_set("Body", '{title}', '""'::jsonb)
                WHERE "Type" = 'ThreadStarted' AND "Body"->>'title' <> ''
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The titles are gone; nothing to restore.
        }
    }
}
