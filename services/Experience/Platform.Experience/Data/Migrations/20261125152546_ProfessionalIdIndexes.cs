using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Experience.Data.Migrations
{
    /// <inheritdoc />
    public partial class ProfessionalIdIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_registrations_ProfessionalId",
                table: "registrations",
                column: "ProfessionalId");

            migrationBuilder.CreateIndex(
                name: "IX_feedback_ProfessionalId",
                table: "feedback",
                column: "ProfessionalId");

            migrationBuilder.CreateIndex(
                name: "IX_actions_OwnerProfessionalId",
                table: "actions",
                column: "OwnerProfessionalId",
                filter: "\"OwnerProfessionalId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_registrations_ProfessionalId",
                table: "registrations");

            migrationBuilder.DropIndex(
                name: "IX_feedback_ProfessionalId",
                table: "feedback");

            migrationBuilder.DropIndex(
                name: "IX_actions_OwnerProfessionalId",
                table: "actions");
        }
    }
}
