using Conference.Core.Conferences;
using Conference.Core.Entities;

namespace Conference.Core.Transcribes;

/// <summary>
/// One transcription, made by its conference at <c>transcribe_start</c> and kept after the conference
/// ends. It goes <c>progressing</c> → <c>done</c> when the conference stops it (<c>transcribe_stop</c>,
/// the conference's end, or the media host losing the room). Customers read and delete it.
/// </summary>
public sealed class TranscribeEntity : Entity<TranscribeState>
{
    public TranscribeView Create(CreateTranscribe input)
    {
        if (State is null)
        {
            var now = Now;
            State = new TranscribeState
            {
                Id = Guid.Parse(Context.Id.Key),
                CustomerId = input.CustomerId,
                ReferenceId = input.ConferenceId,
                Language = input.Language,
                TmCreate = now,
            };
            Changed();
        }
        return View();
    }

    public void Stop()
    {
        var state = Require();
        if (state.Status != TranscribeStatus.Done)
        {
            state.Status = TranscribeStatus.Done;
            Changed();
        }
    }

    /// <summary>Marks the transcribe deleted (the API removes its transcripts after); gone for customers from then on.</summary>
    public TranscribeView Delete()
    {
        var state = Require();
        if (state.Status != TranscribeStatus.Done)
        {
            throw DomainException.Conflict("TRANSCRIBE_ACTIVE", "The transcription is progressing; stop it before deleting it.");
        }
        if (state.TmDelete is null)
        {
            state.TmDelete = Now;
            Changed();
        }
        return View();
    }

    private TranscribeState Require() => State ?? throw DomainException.NotFound("TRANSCRIBE_NOT_FOUND", $"No transcribe {Context.Id.Key}.");

    private TranscribeView View() => TranscribeView.Of(State!);

    private void Changed()
    {
        var state = State!;
        state.TmUpdate = Now;
        Context.Project(Resources.Transcribe, state.CustomerId, state.Id, View());
    }
}
