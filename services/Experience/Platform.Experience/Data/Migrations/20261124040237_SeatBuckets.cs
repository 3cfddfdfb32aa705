using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Experience.Data.Migrations
{
    /// <inheritdoc />
    public partial class SeatBuckets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "seat_buckets",
                columns: table => new
                {
                    PoolId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Capacity = table.Column<int>(type: "integer", nullable: false),
                    Taken = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_seat_buckets", x => new { x.PoolId, x.Number });
                });

            // Existing pools keep their seats in one bucket each; new pools are split.
            migrationBuilder.Sql("""
                INSERT INTO seat_buckets ("PoolId", "Number", "Capacity", "Taken")
                SELECT s."Id", 1, s."Capacity", s."RegisteredCount" FROM sessions s
                JOIN experiences e ON e."Id" = s."ExperienceId" WHERE e."Kind" NOT IN ('Trajectory', 'Programme');
                INSERT INTO seat_buckets ("PoolId", "Number", "Capacity", "Taken")
                SELECT "Id", 1, "Capacity", "RegisteredCount" FROM experiences WHERE "Kind" IN ('Trajectory', 'Programme');
                """);

            migrationBuilder.DropColumn(
                name: "RegisteredCount",
                table: "sessions");

            migrationBuilder.DropColumn(
                name: "RegisteredCount",
                table: "experiences");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "seat_buckets");

            migrationBuilder.AddColumn<int>(
                name: "RegisteredCount",
                table: "sessions",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "RegisteredCount",
                table: "experiences",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }
    }
}
