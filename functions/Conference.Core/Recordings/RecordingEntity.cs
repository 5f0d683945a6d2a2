using Conference.Core.Conferences;
using Conference.Core.Entities;

namespace Conference.Core.Recordings;

/// <summary>
/// One recording, made by its conference when recording starts and kept after the conference ends.
/// The conference drives it (pause, resume, stop, the media host's save); customers read it, fetch
/// its file and delete it. Status goes forward only, apart from recording ⇄ paused.
/// </summary>
public sealed class RecordingEntity : Entity<RecordingState>
{
    public RecordingView Create(CreateRecording input)
    {
        if (State is null)
        {
            var now = Now;
            State = new RecordingState
            {
                Id = Guid.Parse(Context.Id.Key),
                CustomerId = input.CustomerId,
                ReferenceId = input.ConferenceId,
                Format = input.Format,
                BlobName = input.BlobName,
                TmStart = now,
                TmCreate = now,
            };
            Changed();
        }
        return View();
    }

    public void Pause() => Move(RecordingStatus.Recording, RecordingStatus.Paused);

    public void Resume() => Move(RecordingStatus.Paused, RecordingStatus.Recording);

    public void Stop()
    {
        var state = Require();
        if (state.Status is RecordingStatus.Recording or RecordingStatus.Paused)
        {
            state.Status = RecordingStatus.Stopping;
            state.TmEnd = Now;
            Changed();
        }
    }

    /// <summary>The media host finished the file (stopped, reached its duration, or gave up with what it stored).</summary>
    public void Saved(RecordingFile file)
    {
        var state = Require();
        if (state.Status == RecordingStatus.Ended)
        {
            return;
        }
        state.Status = RecordingStatus.Ended;
        state.TmEnd ??= Now;
        state.Duration = file.Duration;
        state.HasFile = file.BlobName.Length > 0;
        Changed();
    }

    /// <summary>Marks the recording deleted (the API removes the blob first); a deleted recording is gone for customers.</summary>
    public RecordingView Delete()
    {
        var state = Require();
        if (state.Status != RecordingStatus.Ended)
        {
            throw DomainException.Conflict("RECORDING_ACTIVE", $"The recording is {state.Status}; stop it before deleting it.");
        }
        if (state.TmDelete is null)
        {
            state.TmDelete = Now;
            state.HasFile = false;
            Changed();
        }
        return View();
    }

    private void Move(string from, string to)
    {
        var state = Require();
        if (state.Status == from)
        {
            state.Status = to;
            Changed();
        }
    }

    private RecordingState Require() => State ?? throw DomainException.NotFound("RECORDING_NOT_FOUND", $"No recording {Context.Id.Key}.");

    private RecordingView View() => RecordingView.Of(State!);

    private void Changed()
    {
        var state = State!;
        state.TmUpdate = Now;
        Context.Project(Resources.Recording, state.CustomerId, state.Id, View());
    }
}
