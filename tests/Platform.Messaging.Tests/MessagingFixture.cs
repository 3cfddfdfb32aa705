using Npgsql;
using Platform.Hosting;
using Platform.Hosting.Testing;

namespace Platform.Messaging.Tests;

/// <summary>Real PostgreSQL and RabbitMQ from the hosting engine, once for these tests; a fresh database per test.</summary>
public sealed class MessagingFixture : IAsyncLifetime
{
    public DistributedApplication App { get; private set; } = null!;

    public string RabbitMq => App.GetConnectionString("rabbitmq");

    public async ValueTask InitializeAsync()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddPostgres("postgres");
        builder.AddRabbitMQ("rabbitmq");
        App = builder.Build();
        await App.StartAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();

    /// <summary>An empty database of its own, so no test sees another's outbox.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var server = App.GetConnectionString("postgres");
        var name = "probe_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(server + ";Database=postgres;Pooling=false"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        return server + ";Database=" + name;
    }

    public Task StopRabbitMqAsync() => App.StopResourceAsync("rabbitmq", TestContext.Current.CancellationToken);

    public Task StartRabbitMqAsync() => App.StartResourceAsync("rabbitmq", TestContext.Current.CancellationToken);
}

/// <summary>One PostgreSQL and one RabbitMQ for every messaging test class.</summary>
[CollectionDefinition(Name)]
public sealed class MessagingServers : ICollectionFixture<MessagingFixture>
{
    public const string Name = "messaging";
}
