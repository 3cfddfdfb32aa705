using System.Collections.Concurrent;
using System.Data;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Platform.ServiceDefaults.Data;

/// <summary>
/// Writes the rows a context has added, many at a time: one <c>INSERT ... SELECT FROM unnest(...)</c>
/// per table with one array per column, all tables in one round trip. The statement's text and
/// its parameters stay the same whatever the number of rows, where <c>SaveChanges</c> builds a
/// statement, a parameter per value and their bookkeeping for every row (measured on a group of
/// 30 registrations with their events: most of the 53 KB allocated per registration).
/// Only for contexts whose changes are all additions; values the database makes (identity
/// columns, defaults in SQL) are left to it and not read back, and the rows are no longer tracked.
/// </summary>
internal static class AddedRows
{
    private static readonly ConcurrentDictionary<IEntityType, TableShape> Shapes = new();

    public static async Task InsertAsync(DbContext db, CancellationToken cancellationToken)
    {
        var entries = db.ChangeTracker.Entries().ToList();
        if (entries.Find(e => e.State is EntityState.Modified or EntityState.Deleted) is { } changed)
        {
            throw new InvalidOperationException($"Only added rows are written in bulk; a {changed.Metadata.DisplayName()} is {changed.State}.");
        }

        var tables = InDependencyOrder(entries.Where(e => e.State == EntityState.Added).GroupBy(e => e.Metadata).ToList());
        if (tables.Count == 0)
        {
            return;
        }

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        try
        {
            await using var batch = new NpgsqlBatch(connection, (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction());
            foreach (var rows in tables)
            {
                batch.BatchCommands.Add(Shapes.GetOrAdd(rows.Key, TableShape.Of).Insert([.. rows]));
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        foreach (var entry in tables.SelectMany(rows => rows))
        {
            entry.State = EntityState.Detached;
        }
    }

    /// <summary>Principals before the rows that refer to them.</summary>
    private static List<IGrouping<IEntityType, EntityEntry>> InDependencyOrder(List<IGrouping<IEntityType, EntityEntry>> tables)
    {
        var ordered = new List<IGrouping<IEntityType, EntityEntry>>(tables.Count);
        while (tables.Count > 0)
        {
            var next = tables.Find(t => !t.Key.GetForeignKeys().Any(fk => fk.PrincipalEntityType != t.Key && tables.Exists(o => o.Key == fk.PrincipalEntityType)))
                ?? throw new InvalidOperationException("Added rows that refer to each other in a cycle are not written in bulk.");
            ordered.Add(next);
            tables.Remove(next);
        }

        return ordered;
    }

    /// <summary>One table's insert: its columns, their store types and how a value becomes the provider's.</summary>
    private sealed class TableShape(string sql, IReadOnlyList<Column> columns, IReadOnlyList<IProperty> madeByDatabase)
    {
        public static TableShape Of(IEntityType entityType)
        {
            var table = entityType.GetTableName()
                ?? throw new InvalidOperationException($"{entityType.DisplayName()} is not mapped to a table.");
            if (entityType.GetNavigations().Any(n => n.TargetEntityType.IsOwned()) || entityType.GetComplexProperties().Any())
            {
                throw new InvalidOperationException($"{entityType.DisplayName()} has owned or complex parts; they are not written in bulk.");
            }

            var store = StoreObjectIdentifier.Table(table, entityType.GetSchema());
            var columns = new List<Column>();
            var madeByDatabase = new List<IProperty>();
            foreach (var property in entityType.GetProperties())
            {
                if (MadeByDatabase(property))
                {
                    madeByDatabase.Add(property);
                    continue;
                }

                var mapping = property.GetRelationalTypeMapping();
                var provider = mapping.Converter?.ProviderClrType ?? property.ClrType;
                if (provider.IsValueType && Nullable.GetUnderlyingType(provider) is null && property.IsNullable)
                {
                    provider = typeof(Nullable<>).MakeGenericType(provider);
                }

                columns.Add(new Column(property, property.GetColumnName(store) ?? property.Name, StoreTypeOf(mapping.StoreType), provider, mapping.Converter));
            }

            var sql = new StringBuilder("INSERT INTO ")
                .Append(entityType.GetSchema() is { } schema ? Quote(schema) + "." : string.Empty).Append(Quote(table))
                .Append(" (").AppendJoin(", ", columns.Select(c => Quote(c.Name)))
                .Append(") SELECT * FROM unnest(")
                .AppendJoin(", ", columns.Select((c, i) => string.Create(CultureInfo.InvariantCulture, $"@p{i}::{c.StoreType}[]")))
                .Append(')')
                .ToString();
            return new TableShape(sql, columns, madeByDatabase);
        }

        public NpgsqlBatchCommand Insert(IReadOnlyList<EntityEntry> rows)
        {
            var command = new NpgsqlBatchCommand(sql);
            var arrays = columns.Select(c => Array.CreateInstance(c.Provider, rows.Count)).ToArray();
            for (var r = 0; r < rows.Count; r++)
            {
                var row = rows[r].CurrentValues;
                for (var c = 0; c < columns.Count; c++)
                {
                    var value = row[columns[c].Property];
                    arrays[c].SetValue(value is null || columns[c].Converter is not { } converter ? value : converter.ConvertToProvider(value), r);
                }

                foreach (var property in madeByDatabase)
                {
                    if (row[property] is var set && !Equals(set, property.Sentinel) && !rows[r].Property(property).IsTemporary)
                    {
                        throw new InvalidOperationException($"{property.DeclaringType.DisplayName()}.{property.Name} is made by the database; a value set for it ({set}) would be lost.");
                    }
                }
            }

            for (var c = 0; c < columns.Count; c++)
            {
                command.Parameters.Add(new NpgsqlParameter(string.Create(CultureInfo.InvariantCulture, $"p{c}"), arrays[c]));
            }

            return command;
        }

        /// <summary>Identity columns, defaults and computed values in SQL, and system columns such as xmin.</summary>
        private static bool MadeByDatabase(IProperty property) =>
            property.GetDefaultValueSql() is not null
            || property.GetComputedColumnSql() is not null
            || property.GetValueGenerationStrategy() != NpgsqlValueGenerationStrategy.None
            || property.ValueGenerated.HasFlag(ValueGenerated.OnUpdate);

        /// <summary>
        /// The element type of the column's array without a length: an explicit cast to
        /// <c>varchar(n)</c> would cut a value that is too long, where the insert into the column
        /// refuses it.
        /// </summary>
        private static string StoreTypeOf(string storeType)
        {
            var length = storeType.IndexOf('(', StringComparison.Ordinal);
            return length < 0 || storeType.Contains("time", StringComparison.Ordinal) ? storeType : storeType[..length];
        }

        private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private sealed record Column(IProperty Property, string Name, string StoreType, Type Provider, ValueConverter? Converter);
}
