namespace Conference.Tests.Support;

/// <summary>An API test class: a control plane of its own on the shared Azurite, disposed after each test.</summary>
[Collection(AzuriteCollection.Name)]
public abstract class ApiTest(Azurite azurite) : IDisposable
{
    protected ApiFactory Api { get; } = new(azurite);

    /// <summary>The shared storage emulator, for tests that look at storage directly.</summary>
    protected Azurite Azurite { get; } = azurite;

    public void Dispose() => Api.Dispose();
}
