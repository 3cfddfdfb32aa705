var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddExperienceServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapExperienceEndpoints();
app.Run();
