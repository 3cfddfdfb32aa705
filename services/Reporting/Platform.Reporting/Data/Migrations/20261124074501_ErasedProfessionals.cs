using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Reporting.Data.Migrations
{
    /// <inheritdoc />
    public partial class ErasedProfessionals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "erased_professionals",
                columns: table => new
                {
                    Key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Pseudonym = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ErasedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_erased_professionals", x => x.Key);
                });

            // The installation's own erasure key (docs/reporting.md, "Erasure"), 244 random bits from the
            // server's strong random source, made once; Reporting:ErasureKey in configuration overrides it.
            migrationBuilder.Sql("""
                CREATE TABLE erasure_key ("Key" text NOT NULL);
                INSERT INTO erasure_key ("Key")
                SELECT replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE erasure_key;");
            migrationBuilder.DropTable(
                name: "erased_professionals");
        }
    }
}
