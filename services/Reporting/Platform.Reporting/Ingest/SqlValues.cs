using Npgsql;
using NpgsqlTypes;

namespace Platform.Reporting.Ingest;

/// <summary>Values for raw SQL that may be null (EF Core cannot type a bare null).</summary>
public static class SqlValues
{
    public static object Text(string? value) => (object?)value ?? new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    public static object Id(Guid? value) => value ?? (object)new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid };
}
