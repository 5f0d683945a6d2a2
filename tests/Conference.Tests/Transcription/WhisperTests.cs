using Conference.Media.Transcription;
using Conference.MediaHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Whisper.net;

namespace Conference.Tests.Transcription;

/// <summary>
/// The Whisper engine as far as this machine can take it: no ggml model is served here, so nothing is
/// transcribed, but its native runtime loads and a file that is not a model is refused with a clear reason.
/// </summary>
public sealed class WhisperTests
{
    [Fact]
    public void The_native_runtime_loads_here_and_knows_its_languages()
    {
        Assert.False(string.IsNullOrWhiteSpace(WhisperFactory.GetRuntimeInfo()));
        Assert.Contains("en", WhisperFactory.GetSupportedLanguages());
        Assert.Contains("de", WhisperFactory.GetSupportedLanguages());
    }

    [Fact]
    public void A_missing_model_is_refused_with_the_setting_to_fix()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new WhisperSpeechToText("/nonexistent/ggml-base.en.bin", ["en-US"]));
        Assert.Contains("CONFERENCE_WHISPER_MODEL", error.Message);
    }

    [Fact]
    public void The_media_host_chosen_to_use_whisper_without_a_model_says_which_setting_is_missing()
    {
        var settings = TranscriptionSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["CONFERENCE_TRANSCRIBE_ENGINE"] = "Whisper" }).Build());
        using var services = new ServiceCollection().BuildServiceProvider();
        var error = Assert.Throws<InvalidOperationException>(() => settings.CreateWorker(services));
        Assert.Contains("CONFERENCE_WHISPER_MODEL is not set", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_model_is_refused_by_whisper_itself()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 31))]);
            var error = Assert.Throws<InvalidOperationException>(() => new WhisperSpeechToText(path, ["en-US"]));
            Assert.Contains("not a Whisper ggml model", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("en-US", "en")]
    [InlineData("de-DE", "de")]
    [InlineData("pt-BR", "pt")]
    [InlineData("ja", "ja")]
    public void A_locale_is_asked_of_whisper_by_its_language(string locale, string language) =>
        Assert.Equal(language, WhisperSpeechToText.LanguageOf(locale));
}
