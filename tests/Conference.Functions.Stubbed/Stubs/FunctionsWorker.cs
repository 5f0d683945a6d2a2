// Stand-ins for Microsoft.Azure.Functions.Worker (2.52.0), Worker.Extensions.Http.AspNetCore (2.1.1) and
// Worker.Extensions.Timer (4.3.1): only the public signatures the adapter uses, with the same
// namespaces, kinds and abstract/virtual shape as the packages. Nothing here runs a function.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Microsoft.Azure.Functions.Worker
{
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class FunctionAttribute(string name) : Attribute
    {
        public string Name { get; } = name;
    }

    public enum AuthorizationLevel
    {
        Anonymous,
        User,
        Function,
        System,
        Admin,
    }

    [AttributeUsage(AttributeTargets.Parameter)]
    public sealed class HttpTriggerAttribute(AuthorizationLevel authLevel, params string[] methods) : Attribute
    {
        public AuthorizationLevel AuthLevel { get; } = authLevel;

        public string[]? Methods { get; } = methods;

        public string? Route { get; set; }
    }

    [AttributeUsage(AttributeTargets.Parameter)]
    public sealed class TimerTriggerAttribute(string schedule) : Attribute
    {
        public string Schedule { get; } = schedule;
    }

    public class TimerInfo
    {
        public bool IsPastDue { get; set; }
    }

    public abstract class FunctionContext
    {
        public abstract string InvocationId { get; }

        public abstract string FunctionId { get; }

        public abstract IServiceProvider InstanceServices { get; set; }

        public virtual CancellationToken CancellationToken { get; } = CancellationToken.None;
    }

    public static class FunctionContextLoggerExtensions
    {
        public static ILogger GetLogger(this FunctionContext context, string categoryName) =>
            context.InstanceServices.GetRequiredService<ILoggerFactory>().CreateLogger(categoryName);
    }
}

namespace Microsoft.Azure.Functions.Worker.Builder
{
    public static class FunctionsApplication
    {
        public static FunctionsApplicationBuilder CreateBuilder(string[] args) => throw new NotSupportedException(StandIn.Message);
    }

    public sealed class FunctionsApplicationBuilder : IHostApplicationBuilder
    {
        private FunctionsApplicationBuilder()
        {
        }

        public IDictionary<object, object> Properties => throw new NotSupportedException(StandIn.Message);

        public IConfigurationManager Configuration => throw new NotSupportedException(StandIn.Message);

        public IHostEnvironment Environment => throw new NotSupportedException(StandIn.Message);

        public ILoggingBuilder Logging => throw new NotSupportedException(StandIn.Message);

        public Microsoft.Extensions.Diagnostics.Metrics.IMetricsBuilder Metrics => throw new NotSupportedException(StandIn.Message);

        public IServiceCollection Services => throw new NotSupportedException(StandIn.Message);

        public void ConfigureContainer<TContainerBuilder>(IServiceProviderFactory<TContainerBuilder> factory, Action<TContainerBuilder>? configure = null)
            where TContainerBuilder : notnull => throw new NotSupportedException(StandIn.Message);

        public IHost Build() => throw new NotSupportedException(StandIn.Message);
    }

    public static class FunctionsApplicationBuilderAspNetCoreExtensions
    {
        public static FunctionsApplicationBuilder ConfigureFunctionsWebApplication(this FunctionsApplicationBuilder builder) => throw new NotSupportedException(StandIn.Message);
    }
}

internal static class StandIn
{
    public const string Message = "A stand-in for an Azure Functions or Durable Task package member: it only lets the adapter compile here.";
}
