using System.Text.Json;
using System.Text.Json.Serialization;
using Conference.Core.Events;
using Conference.Core.Media;

namespace Conference.Core.Entities;

/// <summary>
/// Something an entity wants done after its state is stored. Entities never do I/O; a runtime
/// stores effects with the state (outbox) and delivers each at least once, tagged with its id.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "effect")]
[JsonDerivedType(typeof(SignalEffect), "signal")]
[JsonDerivedType(typeof(MediaEffect), "media")]
[JsonDerivedType(typeof(PublishEffect), "publish")]
[JsonDerivedType(typeof(ProjectEffect), "project")]
[JsonDerivedType(typeof(DirectHashEffect), "direct_hash")]
[JsonDerivedType(typeof(CallbackEffect), "callback")]
public abstract record Effect(Guid Id);

/// <summary>An operation on another entity (or this one), now or at <see cref="At"/>.</summary>
public sealed record SignalEffect(Guid Id, EntityId Target, string Operation, JsonElement? Input, DateTimeOffset? At) : Effect(Id);

/// <summary>A command to the media host (the confbridge).</summary>
public sealed record MediaEffect(Guid Id, MediaCommand Command) : Effect(Id);

/// <summary>An event for the customer, already numbered in its conference's sequence.</summary>
public sealed record PublishEffect(Guid Id, ConferenceEvent Event) : Effect(Id);

/// <summary>
/// The current public view of a resource, for the list indexes. <see cref="At"/> is the time of the
/// operation that made it: of two views of one resource the later one wins, however they arrive
/// (none on effects stored before views carried it).
/// </summary>
public sealed record ProjectEffect(Guid Id, string Resource, Guid CustomerId, Guid ResourceId, JsonElement View, DateTimeOffset? At = null) : Effect(Id)
{
    /// <summary>
    /// The views worth writing of effects delivered together: the last of each resource. A later view
    /// supersedes an earlier one; and written side by side, the earlier could land last.
    /// </summary>
    public static IEnumerable<ProjectEffect> LatestOfEach(IEnumerable<Effect> effects) =>
        effects.OfType<ProjectEffect>().GroupBy(p => p.Of).Select(views => views.Last());

    /// <summary>The resource this is a view of: a later view of the same one supersedes this.</summary>
    [JsonIgnore]
    public (string Resource, Guid ResourceId) Of => (Resource, ResourceId);
}

/// <summary>The SIP address book: <see cref="NewHash"/> now leads to the conference, <see cref="OldHash"/> to nothing.</summary>
public sealed record DirectHashEffect(Guid Id, Guid ConferenceId, Guid CustomerId, string? OldHash, string NewHash) : Effect(Id);

/// <summary>
/// A status callback (Twilio's and Restcomm's <c>statusCallback</c>): <see cref="Event"/>, numbered in the
/// conference's callback sequence, goes to <see cref="Target"/> instead of the customer's webhook.
/// </summary>
public sealed record CallbackEffect(Guid Id, ConferenceEvent Event, Conferences.StatusCallback Target) : Effect(Id);
