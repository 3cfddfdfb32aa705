using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Community.Data.Migrations
{
    /// <inheritdoc />
    public partial class ParticipantsByName : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_members_FullName_Id",
                table: "members",
                columns: new[] { "FullName", "Id" },
                filter: "\"ErasedAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_members_FullName_Id",
                table: "members");
        }
    }
}
