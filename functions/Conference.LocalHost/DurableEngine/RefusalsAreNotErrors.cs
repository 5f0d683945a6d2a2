using Conference.Durable;

namespace Conference.LocalHost.DurableEngine;

/// <summary>
/// The loggers the Durable shims write through. A rule that refuses an operation is an answer (a
/// 409 to the caller), not a failure, but the shim logs every exception an entity throws as an
/// error: a refusal is written at Debug instead.
/// </summary>
internal sealed class RefusalsAreNotErrors(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new Filtered(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose()
    {
    }

    private sealed class Filtered(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(exception is EntityRefusedException ? LogLevel.Debug : logLevel, eventId, state, exception, formatter);
    }
}
