using System.Text;
using Conference.Adapters.Events;
using Conference.Core.Accounts;
using Conference.Core.Entities;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conference.Tests.Accounts;

public sealed class AccountRulesTests
{
    [Fact]
    public void A_password_hash_verifies_its_password_only_and_is_salted()
    {
        var first = PasswordHash.Of("correct horse", iterations: 1000);
        var second = PasswordHash.Of("correct horse", iterations: 1000);
        Assert.NotEqual(first, second);
        Assert.True(PasswordHash.Verify("correct horse", first));
        Assert.True(PasswordHash.Verify("correct horse", second));
        Assert.False(PasswordHash.Verify("correct horse ", first));
        Assert.False(PasswordHash.Verify("correct horse", "garbage"));
        Assert.DoesNotContain("correct horse", first);
        Assert.StartsWith($"pbkdf2-sha256${PasswordHash.Iterations}$", PasswordHash.Of("x"));
    }

    [Fact]
    public void A_webhook_signature_fails_for_another_body_secret_or_an_old_timestamp()
    {
        var body = Encoding.UTF8.GetBytes("""{"type":"conference_created"}""");
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var signature = WebhookSignature.Sign("whsec_a", now.ToUnixTimeSeconds(), body);
        Assert.Matches("^[0-9a-f]{64}$", signature);
        Assert.True(WebhookSignature.Verify("whsec_a", now.ToUnixTimeSeconds(), body, signature, now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("whsec_b", now.ToUnixTimeSeconds(), body, signature, now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("whsec_a", now.ToUnixTimeSeconds(), Encoding.UTF8.GetBytes("""{"type":"conference_deleted"}"""), signature, now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("whsec_a", now.ToUnixTimeSeconds() + 1, body, signature, now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("whsec_a", now.ToUnixTimeSeconds(), body, signature, now.AddMinutes(6), TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Webhook_retries_back_off_exponentially_up_to_the_cap()
    {
        var options = new WebhookOptions { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromMinutes(5) };
        var dispatcher = new WebhookDispatcher(null!, null!, null!, options, TimeProvider.System, NullLogger<WebhookDispatcher>.Instance);
        for (var attempt = 1; attempt <= 8; attempt++)
        {
            var delay = dispatcher.BackoffAfter(attempt);
            var floor = TimeSpan.FromSeconds(Math.Pow(2, attempt - 1));
            Assert.InRange(delay, floor, floor * 1.2);
        }
        Assert.All(Enumerable.Range(9, 30), attempt => Assert.InRange(dispatcher.BackoffAfter(attempt), TimeSpan.FromSeconds(256), options.MaxDelay));
        Assert.Equal(options.MaxDelay, dispatcher.BackoffAfter(40));
    }

    [Theory]
    [InlineData(null, 365 * 24 * 3600)]
    [InlineData(0L, 365 * 24 * 3600)]
    [InlineData(60L, 60)]
    public void An_access_keys_lifetime_defaults_to_a_year(long? expire, long seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), AccountRules.KeyLifetime(expire));

    [Fact]
    public void Bad_account_input_is_refused_with_its_reason()
    {
        Assert.Equal("INVALID_EXPIRE", Assert.Throws<DomainException>(() => AccountRules.KeyLifetime(-1)).Reason);
        Assert.Equal("INVALID_EXPIRE", Assert.Throws<DomainException>(() => AccountRules.KeyLifetime(long.MaxValue)).Reason);
        Assert.Equal("INVALID_WEBHOOK_URI", Assert.Throws<DomainException>(() => AccountRules.WebhookUri("/relative")).Reason);
        Assert.Equal("INVALID_WEBHOOK_METHOD", Assert.Throws<DomainException>(() => AccountRules.WebhookMethod("GET")).Reason);
        Assert.Equal("", AccountRules.WebhookUri("  "));
        Assert.Equal("POST", AccountRules.WebhookMethod(null));
    }
}
