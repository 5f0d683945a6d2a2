using System.Net;
using Conference.Core.Conferences;

namespace Conference.Media.Calls;

/// <summary>What the media host asks of the control plane about calls (reports go through the report sink).</summary>
public interface IControlPlane
{
    /// <summary>The call an INVITE to <paramref name="destination"/> becomes; null when nothing has that address.</summary>
    Task<IncomingRoute?> IncomingCallAsync(Guid callId, string source, string destination, CancellationToken cancellationToken);

    /// <summary>A call's conference_join. A WebSocket caller, which has no call entity, gives its customer's <paramref name="token"/>.</summary>
    Task<JoinAnswer> JoinAsync(Guid conferenceId, JoinRequest request, string? token, CancellationToken cancellationToken);
}

/// <summary>The control plane's answer to a join: the conferencecall made, or why it was refused.</summary>
public sealed record JoinAnswer(HttpStatusCode Status, Guid ConferencecallId, string Reason)
{
    public bool Accepted => Status == HttpStatusCode.OK && Reason.Length == 0;
}

/// <summary>What an incoming call does: its actions, and whether it then waits for commands (a Telnyx Call Control call, answered by command).</summary>
public sealed record IncomingRoute(FlowAction[] Actions, bool Controlled);
