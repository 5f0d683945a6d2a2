using Conference.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// The thin adapter: the Functions host with the services of FunctionsServices.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddConferenceFunctions(AzureSettings.From(builder.Configuration));
builder.Build().Run();
