using System.Globalization;
using System.Reflection;
using System.Text.Json;
using DurableTask.AzureStorage;

namespace Conference.LocalHost.DurableEngine;

/// <summary>
/// The Durable Task engine's settings, read from the repository's host.json, the file the Function
/// App runs with in Azure: its task hub name and its <c>durableTask.storageProvider</c> options
/// (property names as the Azure Storage provider's settings, camel-cased). One file tunes both.
/// Two settings are the local host's own: entity work items get their own queue (the Functions
/// extension sets it there), and start messages skip de-duplication (every instance id here is new).
/// </summary>
public static class DurableEngineSettings
{
    public static AzureStorageOrchestrationServiceSettings From(string hostJsonPath, string connectionString)
    {
        using var hostJson = JsonDocument.Parse(File.ReadAllText(hostJsonPath));
        var durableTask = hostJson.RootElement.GetProperty("extensions").GetProperty("durableTask");
        var settings = new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = durableTask.GetProperty("hubName").GetString()!,
            StorageAccountClientProvider = new StorageAccountClientProvider(connectionString),
            UseSeparateQueueForEntityWorkItems = true,
            DisableExecutionStartedDeduplication = true,
        };
        // Durable Functions reads these two at durableTask's own level, not the storage provider's.
        if (durableTask.TryGetProperty("extendedSessionsEnabled", out var extended))
        {
            settings.ExtendedSessionsEnabled = extended.GetBoolean();
        }
        if (durableTask.TryGetProperty("extendedSessionIdleTimeoutInSeconds", out var idle))
        {
            settings.ExtendedSessionIdleTimeout = TimeSpan.FromSeconds(idle.GetInt32());
        }
        if (durableTask.TryGetProperty("storageProvider", out var provider))
        {
            foreach (var option in provider.EnumerateObject())
            {
                Apply(settings, option);
            }
        }
        return settings;
    }

    private static void Apply(AzureStorageOrchestrationServiceSettings settings, JsonProperty option)
    {
        var property = typeof(AzureStorageOrchestrationServiceSettings).GetProperty(option.Name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)
            ?? throw new InvalidOperationException($"host.json: durableTask.storageProvider.{option.Name} is not a setting of the Azure Storage provider.");
        object value = property.PropertyType switch
        {
            var t when t == typeof(int) => option.Value.GetInt32(),
            var t when t == typeof(bool) => option.Value.GetBoolean(),
            var t when t == typeof(TimeSpan) => TimeSpan.Parse(option.Value.GetString()!, CultureInfo.InvariantCulture),
            var t when t == typeof(string) => option.Value.GetString()!,
            var t => throw new InvalidOperationException($"host.json: durableTask.storageProvider.{option.Name} has a type ({t.Name}) the local host cannot set."),
        };
        property.SetValue(settings, value);
    }
}
