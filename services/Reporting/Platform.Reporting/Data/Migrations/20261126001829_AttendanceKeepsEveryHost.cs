using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Reporting.Data.Migrations
{
    /// <inheritdoc />
    public partial class AttendanceKeepsEveryHost : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Every host of the experience, not only the first; existing rows keep the partner they had (a
            // no-show had none: a rebuild gives it the hosts of the attendance it corrected).
            migrationBuilder.AddColumn<List<Guid>>(
                name: "HostPartnerIds",
                table: "attendances",
                type: "uuid[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.Sql("UPDATE attendances SET \"HostPartnerIds\" = ARRAY[\"PartnerId\"] WHERE \"PartnerId\" IS NOT NULL;");

            migrationBuilder.AlterColumn<List<Guid>>(
                name: "HostPartnerIds",
                table: "attendances",
                type: "uuid[]",
                nullable: false,
                oldClrType: typeof(List<Guid>),
                oldType: "uuid[]",
                oldDefaultValueSql: "'{}'");

            migrationBuilder.DropColumn(
                name: "PartnerId",
                table: "attendances");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "PartnerId",
                table: "attendances",
                type: "uuid",
                nullable: true);

            migrationBuilder.Sql("UPDATE attendances SET \"PartnerId\" = \"HostPartnerIds\"[1] WHERE \"Attended\";");

            migrationBuilder.DropColumn(
                name: "HostPartnerIds",
                table: "attendances");
        }
    }
}
