using System.Text.Json;
using Conference.Core.Conferences;

namespace Conference.Core.Calls;

/// <summary>What a call to a conference's dial-in address does: answer, then join that conference.</summary>
public static class IncomingCall
{
    public static FlowAction[] Actions(Guid conferenceId) =>
    [
        new(Guid.Empty, Guid.Empty, "answer", FlowAction.EmptyObject),
        new(Guid.Empty, Guid.Empty, "conference_join", JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["conference_id"] = conferenceId.ToString() })),
    ];
}
