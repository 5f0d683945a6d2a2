namespace Conference.Core.Media;

/// <summary>
/// What the media host has, sent every couple of seconds: which process it is (<see cref="BootId"/>,
/// new at every start, and when it <see cref="Started"/>) and the rooms, legs and calls it holds right now. A leg counts from the moment
/// the control plane asked for it to be bridged (its call's media may still be on the way); a call
/// from its first SIP message or WebSocket connection.
/// </summary>
public sealed record MediaHostHeartbeat(Guid BootId, DateTimeOffset Started, DateTimeOffset At, Guid[] Rooms, Guid[] Legs, Guid[] Calls);
