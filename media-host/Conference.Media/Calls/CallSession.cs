using Conference.Core.Calls;
using Conference.Core.Conferences;
using Conference.Core.Media;
using Conference.Media.Audio;
using Conference.Media.Prompts;
using Conference.Media.Reports;
using Conference.Media.Rooms;
using Conference.Media.Sip;
using Microsoft.Extensions.Logging;

namespace Conference.Media.Calls;

/// <summary>
/// A SIP call's life in the media host: it runs the call's actions in order (following
/// <c>next_id</c>), plays prompts in the call's own lobby, and for <c>conference_join</c> asks the
/// control plane, waits to be bridged (the conference's pre_actions first), stays in the room
/// until it leaves, runs the post_actions while the call is still up, and carries on. When the
/// actions run out the call is hung up, as VoIPBIN does, unless it is controlled (Telnyx Call
/// Control): then it stays up, in silence, and runs each command's actions as they come, in order.
/// Every status change is reported.
/// </summary>
public sealed class CallSession
{
    private readonly Confbridge _confbridge;
    private readonly PromptLoader _prompts;
    private readonly IControlPlane _controlPlane;
    private readonly IReportSink _reports;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _ended = new();
    private TaskCompletionSource<BridgeLeg>? _bridge;
    private TaskCompletionSource<string>? _left;
    private readonly Task<FlowAction[]?> _registered;
    private readonly System.Threading.Channels.Channel<FlowAction[]> _commands = System.Threading.Channels.Channel.CreateUnbounded<FlowAction[]>();

    public CallSession(SipCall call, Task<FlowAction[]?> registered, Confbridge confbridge, PromptLoader prompts, IControlPlane controlPlane, IReportSink reports, ILogger logger)
    {
        Call = call;
        _registered = registered;
        _confbridge = confbridge;
        _prompts = prompts;
        _controlPlane = controlPlane;
        _reports = reports;
        _logger = logger;
        call.Ringing += _ => Report(CallStatus.Ringing, "");
        call.Ended += (ended, reason) =>
        {
            _ended.Cancel();
            _bridge?.TrySetCanceled();
            _left?.TrySetResult(reason);
            _ = ReportWhenRegisteredAsync(CallStatus.Hangup, reason == "hangup" ? HangupReasons.Normal : reason);
        };
    }

    public SipCall Call { get; }
    public Guid CallId => Call.Id;

    /// <summary>Stays up when its actions run out, and takes commands.</summary>
    public bool Controlled { get; init; }

    /// <summary>Queues a command's actions; false when this call takes no commands.</summary>
    public bool Command(FlowAction[] actions) => Controlled && _commands.Writer.TryWrite(actions);

    /// <summary>The prompt a refused join hears before the call is hung up.</summary>
    public static readonly string RefusedPrompt = "beep_exit";

    /// <summary>Runs <paramref name="actions"/> from the first; returns when the call is over.</summary>
    public async Task RunAsync(FlowAction[] actions)
    {
        try
        {
            await RunFlowAsync(actions, allowJoin: true);
            while (Controlled && !Call.IsEnded)
            {
                await RunFlowAsync(await _commands.Reader.ReadAsync(_ended.Token), allowJoin: true);
            }
        }
        catch (OperationCanceledException) when (_ended.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _logger.LogWarning("Call {Call}: its actions failed: {Error}", CallId, e.Message);
        }
        finally
        {
            _confbridge.LeaveLobby(this);
            Call.Hangup(HangupReasons.Normal);
            Call.Leg?.Dispose();
        }
    }

    /// <summary>An outgoing call: its actions run once the far end answers.</summary>
    public async Task RunOutgoingAsync(FlowAction[] actions)
    {
        if (await Call.Answered)
        {
            Report(CallStatus.Progressing, "");
            await RunAsync(actions);
        }
    }

    private async Task RunFlowAsync(IReadOnlyList<FlowAction> actions, bool allowJoin)
    {
        for (var i = actions.Count > 0 ? 0 : -1; i >= 0 && !Call.IsEnded; i = FlowAction.Next(actions, i))
        {
            var action = actions[i];
            switch (action.Type)
            {
                case "answer":
                    Answer();
                    break;
                case "talk":
                    await PlayAsync(action.Text("text"), action.Text("language", "en-US"), "", "");
                    break;
                case "play":
                    await PlayAsync("", "", action.Text("media_url"), "");
                    break;
                case "beep":
                    await PlayAsync("", "", "", "beep");
                    break;
                case "sleep":
                    await Task.Delay(action.Option.GetProperty("duration").GetInt32(), _ended.Token);
                    break;
                case "hangup":
                    Call.Hangup(HangupReasons.Normal);
                    return;
                case "conference_join" when allowJoin:
                    await JoinAsync(action);
                    break;
                case "conference_join":
                    _logger.LogInformation("Call {Call}: conference_join inside a conference's pre/post actions is skipped", CallId);
                    break;
            }
        }
    }

    private void Answer()
    {
        if (Call.Incoming && Call.State != SipCallState.Answered && Call.Answer())
        {
            _ = ReportWhenRegisteredAsync(CallStatus.Progressing, "");
        }
    }

    /// <summary>A report about the call goes once the control plane has the call, or it would reach no entity.</summary>
    private async Task ReportWhenRegisteredAsync(string status, string reason)
    {
        try
        {
            await _registered;
        }
        catch (Exception)
        {
            // Not stored: the report still goes, and is dropped by the control plane if the call never came to be.
        }
        Report(status, reason);
    }

    private async Task PlayAsync(string text, string language, string mediaUrl, string tone)
    {
        Answer(); // no early media: a prompt is heard on an answered call
        short[] clip;
        try
        {
            clip = await _prompts.LoadAsync(text, language, mediaUrl, tone, _ended.Token);
        }
        catch (Exception e) when (e is InvalidAudioException or HttpRequestException)
        {
            _logger.LogWarning("Call {Call}: the prompt could not be played: {Error}", CallId, e.Message);
            return;
        }
        var leg = Call.Leg!;
        _confbridge.EnterLobby(this);
        leg.Prompts.Enqueue(clip);
        while (leg.Prompts.IsPlaying)
        {
            await Task.Delay(AudioFormat.FrameMilliseconds, _ended.Token);
        }
    }

    private async Task JoinAsync(FlowAction action)
    {
        Answer();
        // The join speaks for the call's customer, so the control plane must have stored the call first.
        if (await _registered.WaitAsync(_ended.Token) is null)
        {
            _logger.LogInformation("Call {Call}: the control plane knows no conference at {Destination}; hanging up", CallId, Call.Destination);
            Call.Hangup(HangupReasons.Failed);
            return;
        }
        var conferenceId = Guid.Parse(action.Text("conference_id"));
        var request = action.JoinRequestFor(CallId);
        var answer = action.PromptsForPin ? await JoinWithPinAsync(conferenceId, request) : await AskToJoinAsync(conferenceId, request);
        if (!answer.Accepted)
        {
            _logger.LogInformation("Call {Call}: join of {Conference} refused ({Status} {Reason})", CallId, conferenceId, (int)answer.Status, answer.Reason);
            // Kazoo's max_members_media: what a caller to a full conference hears.
            if (answer.Reason == "conference_full" && action.Text("full_media_url") is { Length: > 0 } full)
            {
                await PlayAsync("", "", full, "");
            }
            else
            {
                await PlayAsync("", "", "", RefusedPrompt);
            }
            if (!Controlled)
            {
                // A controlled call stays up: its controller decides what comes next.
                Call.Hangup(HangupReasons.Normal);
            }
            return;
        }
        var bridge = await _bridge!.Task.WaitAsync(_ended.Token);
        await RunFlowAsync(FlowAction.FromJson(bridge.PreActions), allowJoin: false);
        if (Call.IsEnded || !_confbridge.Enter(this, bridge))
        {
            return;
        }
        await _left!.Task;
        _confbridge.Forget(this);
        if (!Call.IsEnded)
        {
            await RunFlowAsync(FlowAction.FromJson(bridge.PostActions), allowJoin: false);
        }
    }

    /// <summary>Asks the control plane for the join, ready for its bridge command (which may overtake the answer: the confbridge finds this session by call id either way).</summary>
    private async Task<JoinAnswer> AskToJoinAsync(Guid conferenceId, JoinRequest request)
    {
        _bridge = new TaskCompletionSource<BridgeLeg>(TaskCreationOptions.RunContinuationsAsynchronously);
        _left = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _confbridge.Expect(this);
        var answer = await _controlPlane.JoinAsync(conferenceId, request, null, _ended.Token);
        if (!answer.Accepted)
        {
            _confbridge.Forget(this);
        }
        return answer;
    }

    public const string PinPrompt = "Please enter your conference PIN, followed by the pound key.";
    public const string PinRefusedPrompt = "That PIN is not valid.";
    public const int PinAttempts = 3;
    public static readonly TimeSpan PinTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Kazoo's dial-in: the caller is asked for a PIN and keys it in (RFC 4733 digits, ended by #, or
    /// by a pause), and the conference decides with it; a wrong PIN is said so and asked again, at most
    /// <see cref="PinAttempts"/> times in all. Digits keyed during the prompt count.
    /// </summary>
    private async Task<JoinAnswer> JoinWithPinAsync(Guid conferenceId, JoinRequest request)
    {
        var digits = System.Threading.Channels.Channel.CreateUnbounded<char>();
        void OnDigit(Leg leg, char digit, int durationMs) => digits.Writer.TryWrite(digit);
        var leg = Call.Leg!;
        leg.Digit += OnDigit;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                await PlayAsync(PinPrompt, "en-US", "", "");
                var pin = await ReadPinAsync(digits.Reader);
                var answer = await AskToJoinAsync(conferenceId, request with { Pin = pin });
                if (answer.Accepted || answer.Reason != "invalid_pin" || attempt == PinAttempts)
                {
                    return answer;
                }
                _logger.LogInformation("Call {Call}: a wrong PIN for {Conference} ({Attempt} of {Attempts})", CallId, conferenceId, attempt, PinAttempts);
                await PlayAsync(PinRefusedPrompt, "en-US", "", "");
            }
        }
        finally
        {
            leg.Digit -= OnDigit;
        }
    }

    /// <summary>The digits up to #, or what was keyed when <see cref="PinTimeout"/> passed.</summary>
    private async Task<string> ReadPinAsync(System.Threading.Channels.ChannelReader<char> digits)
    {
        var pin = new System.Text.StringBuilder();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_ended.Token);
        timeout.CancelAfter(PinTimeout);
        try
        {
            while (await digits.ReadAsync(timeout.Token) is var digit && digit != '#')
            {
                if (pin.Length < 32)
                {
                    pin.Append(digit);
                }
            }
        }
        catch (OperationCanceledException) when (!_ended.IsCancellationRequested)
        {
        }
        return pin.ToString();
    }

    /// <summary>The leg the control plane asked to bridge while the call runs the pre_actions (the empty id when none).</summary>
    internal Guid PendingLegId => _bridge is { Task.IsCompletedSuccessfully: true } bridge ? bridge.Task.Result.LegId : Guid.Empty;

    /// <summary>The control plane asked for this call's leg to be bridged.</summary>
    internal void Bridge(BridgeLeg command) => _bridge?.TrySetResult(command);

    /// <summary>The leg left the room (kicked, or the room is gone) while the call is up.</summary>
    internal void LeftBridge(string reason) => _left?.TrySetResult(reason);

    private void Report(string status, string reason) =>
        _reports.Report(new CallStatusReport(Guid.NewGuid(), CallId, status, reason));
}
