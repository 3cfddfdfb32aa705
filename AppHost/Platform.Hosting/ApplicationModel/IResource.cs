namespace Platform.Hosting;

/// <summary>A named part of the distributed application: a server, a database or a project.</summary>
public interface IResource
{
    string Name { get; }

    /// <summary>The kind shown to operators: Redis, RabbitMQ, Postgres, PostgresDatabase, Project.</summary>
    string Type { get; }
}

/// <summary>A resource other resources can reference by connection string (<c>ConnectionStrings__name</c>).</summary>
public interface IResourceWithConnectionString : IResource
{
    string ConnectionString { get; }
}

/// <summary>A resource that can be waited for and health-checked.</summary>
public interface IResourceWithHealth : IResource;
