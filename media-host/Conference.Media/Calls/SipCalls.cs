using System.Collections.Concurrent;
using System.Net.Sockets;
using Conference.Core.Calls;
using Conference.Core.Conferences;
using Conference.Core.Media;
using Conference.Media.Prompts;
using Conference.Media.Reports;
using Conference.Media.Sip;
using Microsoft.Extensions.Logging;

namespace Conference.Media.Calls;

/// <summary>
/// The SIP calls of this media host: an INVITE is routed through the control plane (its direct hash
/// makes it a call, or it is refused with 404), a dial_call command dials out, a hangup_call hangs up.
/// Each call is a <see cref="CallSession"/> running its actions.
/// </summary>
public sealed class SipCalls
{
    private readonly ConcurrentDictionary<Guid, CallSession> _active = new();
    private readonly SipEndpoint _endpoint;
    private readonly Confbridge _confbridge;
    private readonly PromptLoader _prompts;
    private readonly IControlPlane _controlPlane;
    private readonly IReportSink _reports;
    private readonly ILogger _logger;

    public SipCalls(SipEndpoint endpoint, Confbridge confbridge, PromptLoader prompts, IControlPlane controlPlane, IReportSink reports, ILogger<SipCalls> logger)
    {
        _endpoint = endpoint;
        _confbridge = confbridge;
        _prompts = prompts;
        _controlPlane = controlPlane;
        _reports = reports;
        _logger = logger;
        endpoint.Incoming = AcceptAsync;
        confbridge.Sip = this;
    }

    public SipEndpoint Endpoint => _endpoint;
    public int Active => _active.Count;

    /// <summary>The calls this media host is carrying now.</summary>
    public IEnumerable<Guid> CallIds => _active.Keys;

    /// <summary>
    /// An INVITE to a dial-in address. When this media host holds the conference's room it knows the
    /// hash and the call's actions, so the call is answered at once while the control plane stores
    /// it; the join waits for that. Otherwise the control plane decides (404 for an unknown hash).
    /// </summary>
    private async Task<int> AcceptAsync(SipCall call, CancellationToken cancellationToken)
    {
        var hash = SipAddress.TryParse(call.Destination, out var address) ? address.DirectHashOf() : null;
        if (hash is not null && _confbridge.RoomOfDirectHash(hash) is { } room)
        {
            // The flow answers before its first wait; only then does the call go to storage.
            var registered = new TaskCompletionSource<FlowAction[]?>(TaskCreationOptions.RunContinuationsAsynchronously);
            _ = Track(call, registered.Task).RunAsync(IncomingCall.Actions(room));
            _ = RegisterAsync(call, registered);
            return 0;
        }
        var route = await _controlPlane.IncomingCallAsync(call.Id, call.Source, call.Destination, cancellationToken);
        if (route is null)
        {
            return 404;
        }
        _ = Track(call, Task.FromResult<FlowAction[]?>(route.Actions), route.Controlled).RunAsync(route.Actions);
        return 0;
    }

    /// <summary>How long an answered call keeps trying to be stored before it gives up and hangs up.</summary>
    public TimeSpan RegisterFor { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Stores an answered call, retrying (the create is idempotent by call id) while the call is up.</summary>
    private async Task RegisterAsync(SipCall call, TaskCompletionSource<FlowAction[]?> registered)
    {
        var deadline = DateTime.UtcNow + RegisterFor;
        for (var wait = TimeSpan.FromMilliseconds(100); ; wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromSeconds(2).Ticks)))
        {
            try
            {
                registered.TrySetResult((await _controlPlane.IncomingCallAsync(call.Id, call.Source, call.Destination, CancellationToken.None))?.Actions);
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                if (DateTime.UtcNow + wait > deadline || call.IsEnded)
                {
                    _logger.LogWarning("Call {Call} could not be stored: {Error}", call.Id, e.Message);
                    registered.TrySetException(e);
                    return;
                }
                await Task.Delay(wait);
            }
        }
    }

    public async Task DialAsync(DialCall command, CancellationToken cancellationToken)
    {
        if (_active.ContainsKey(command.CallId))
        {
            return;
        }
        SipCall call;
        try
        {
            if (!SipAddress.TryParse(command.Destination, out var to))
            {
                throw new IOException($"'{command.Destination}' is not a SIP URI.");
            }
            call = await _endpoint.DialAsync(command.CallId, command.Source, to, cancellationToken);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            _logger.LogWarning("Call {Call} to {Destination} could not be dialed: {Error}", command.CallId, command.Destination, e.Message);
            _reports.Report(new CallStatusReport(Guid.NewGuid(), command.CallId, CallStatus.Hangup, HangupReasons.Failed));
            return;
        }
        var actions = FlowAction.FromJson(command.Actions);
        _ = Track(call, Task.FromResult<FlowAction[]?>(actions), command.Controlled).RunOutgoingAsync(actions);
    }

    /// <summary>A command to a controlled call: its actions run after the ones it is running.</summary>
    public void RunActions(Guid callId, FlowAction[] actions)
    {
        if (!_active.TryGetValue(callId, out var session) || !session.Command(actions))
        {
            _logger.LogInformation("Call {Call}: a command arrived for a call that is not here or not controlled; dropped", callId);
        }
    }

    public void Hangup(Guid callId)
    {
        if (_active.TryGetValue(callId, out var session))
        {
            session.Call.Hangup(HangupReasons.Normal);
            return;
        }
        // Not here (already over, or this media host restarted): say so, so the call does not wait for a BYE that never comes.
        _reports.Report(new CallStatusReport(Guid.NewGuid(), callId, CallStatus.Hangup, HangupReasons.Normal));
    }

    /// <param name="registered">Completes once the control plane has stored the call (null: it refused it).</param>
    private CallSession Track(SipCall call, Task<FlowAction[]?> registered, bool controlled = false)
    {
        var session = new CallSession(call, registered, _confbridge, _prompts, _controlPlane, _reports, _logger) { Controlled = controlled };
        _active[call.Id] = session;
        call.Ended += (c, _) => _active.TryRemove(new(c.Id, session));
        return session;
    }
}
