using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Community.Data.Migrations
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
                    ProfessionalId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ErasedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_erased_professionals", x => x.ProfessionalId);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "erased_professionals");
        }
    }
}
