namespace Conference.Core.Recordings;

public static class RecordingStatus
{
    public const string Initiating = "initiating";
    public const string Recording = "recording";
    public const string Paused = "paused";
    public const string Stopping = "stopping";
    public const string Ended = "ended";
}

/// <summary>A recording of a conference: what api.md shows, and the blob that holds the file.</summary>
public sealed class RecordingState
{
    public Guid Id { get; set; }
    public Guid CustomerId { get; set; }
    public string ReferenceType { get; set; } = "conference";
    public Guid ReferenceId { get; set; }
    public string Status { get; set; } = RecordingStatus.Recording;
    public string Format { get; set; } = "wav";
    public double Duration { get; set; }
    public string BlobName { get; set; } = "";

    /// <summary>True once the media host said the file is complete; false when nothing could be stored.</summary>
    public bool HasFile { get; set; }

    public DateTime TmStart { get; set; }
    public DateTime? TmEnd { get; set; }
    public DateTime TmCreate { get; set; }
    public DateTime TmUpdate { get; set; }
    public DateTime? TmDelete { get; set; }
}

public sealed record RecordingView(
    Guid Id,
    Guid CustomerId,
    string ReferenceType,
    Guid ReferenceId,
    string Status,
    string Format,
    double Duration,
    string Filename,
    string TmStart,
    string TmEnd,
    string TmCreate,
    string TmUpdate,
    string TmDelete)
{
    public static RecordingView Of(RecordingState s) => new(
        s.Id, s.CustomerId, s.ReferenceType, s.ReferenceId, s.Status, s.Format, Math.Round(s.Duration, 3),
        s.HasFile ? $"{s.Id}.{s.Format}" : "",
        Entities.Timestamps.ToSeedFormat(s.TmStart), Entities.Timestamps.ToSeedFormat(s.TmEnd),
        Entities.Timestamps.ToSeedFormat(s.TmCreate), Entities.Timestamps.ToSeedFormat(s.TmUpdate), Entities.Timestamps.ToSeedFormat(s.TmDelete));
}

public sealed record CreateRecording(Guid ConferenceId, Guid CustomerId, string Format, string BlobName);

public sealed record RecordingFile(string BlobName, double Duration);
