var builder = WebApplication.CreateSlimBuilder(args);
builder.AddServiceDefaults();
builder.AddExperienceServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapExperienceEndpoints();
app.Run();
