using Conference.Core.Entities;

namespace Conference.Core.Transcribes;

public static class TranscribeStatus
{
    public const string Progressing = "progressing";
    public const string Done = "done";
}

/// <summary>A transcription of a conference: what api.md shows. Its transcripts are rows of their own.</summary>
public sealed class TranscribeState
{
    public Guid Id { get; set; }
    public Guid CustomerId { get; set; }
    public string ReferenceType { get; set; } = "conference";
    public Guid ReferenceId { get; set; }
    public string Status { get; set; } = TranscribeStatus.Progressing;
    public string Language { get; set; } = "";
    public DateTime TmCreate { get; set; }
    public DateTime TmUpdate { get; set; }
    public DateTime? TmDelete { get; set; }
}

public sealed record TranscribeView(
    Guid Id,
    Guid CustomerId,
    string ReferenceType,
    Guid ReferenceId,
    string Status,
    string Language,
    string TmCreate,
    string TmUpdate,
    string TmDelete)
{
    public static TranscribeView Of(TranscribeState s) => new(
        s.Id, s.CustomerId, s.ReferenceType, s.ReferenceId, s.Status, s.Language,
        s.TmCreate.ToSeedFormat(), s.TmUpdate.ToSeedFormat(), Timestamps.ToSeedFormat(s.TmDelete));
}

/// <summary>
/// One piece of transcribed speech: what one participant said in one turn. It never changes, so it
/// has no entity: the conference stores it in the transcript list when the media host reports it.
/// <c>direction</c> is <c>in</c>: speech the participant sent into the conference.
/// </summary>
public sealed record TranscriptView(
    Guid Id,
    Guid CustomerId,
    Guid TranscribeId,
    Guid ConferencecallId,
    string Direction,
    string Message,
    string TmTranscript,
    string TmCreate);

public sealed record CreateTranscribe(Guid ConferenceId, Guid CustomerId, string Language);
