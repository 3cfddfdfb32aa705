using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Experience.Data.Migrations
{
    /// <inheritdoc />
    public partial class FeedbackListedByFirstSubmission : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_feedback_ExperienceId_SubmittedAt_Id",
                table: "feedback");

            migrationBuilder.CreateIndex(
                name: "IX_feedback_ExperienceId_Id",
                table: "feedback",
                columns: new[] { "ExperienceId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_feedback_ExperienceId_Id",
                table: "feedback");

            migrationBuilder.CreateIndex(
                name: "IX_feedback_ExperienceId_SubmittedAt_Id",
                table: "feedback",
                columns: new[] { "ExperienceId", "SubmittedAt", "Id" });
        }
    }
}
