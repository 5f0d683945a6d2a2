using Conference.Core.Accounts;

namespace Conference.Adapters.Events;

/// <summary>
/// A customer's webhook in another facade's shape (its <c>webhook_format</c>): the request for one
/// delivery, or null when that facade has no event for it (it is then done with, unsent).
/// </summary>
public interface IWebhookFormat
{
    string Name { get; }

    HttpRequestMessage? RequestFor(CustomerView customer, WebhookDelivery delivery, int attempt, DateTimeOffset now);
}
