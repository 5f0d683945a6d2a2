using Conference.Core.Conferences;

namespace Conference.Core.Calls;

/// <summary>What a call to a conference's dial-in address does: answer, then join that conference.</summary>
public static class IncomingCall
{
    public static FlowAction[] Actions(Guid conferenceId) =>
    [
        FlowAction.Of("answer"),
        FlowAction.Of("conference_join", new Dictionary<string, string> { ["conference_id"] = conferenceId.ToString() }),
    ];
}
