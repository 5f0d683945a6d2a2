namespace Conference.Core.Entities;

public enum ErrorKind
{
    Invalid,
    NotFound,
    Conflict,
    Unprocessable,

    /// <summary>Who asks may not do this (an access check, not a rule of the resource).</summary>
    Forbidden,
}

/// <summary>
/// An operation refused by a rule. Thrown from an entity operation, it rolls the operation back
/// (state and effects), exactly as Durable rolls back an entity operation that throws.
/// </summary>
public sealed class DomainException(ErrorKind kind, string reason, string detail) : Exception(detail)
{
    public ErrorKind Kind { get; } = kind;

    /// <summary>A stable UPPER_SNAKE code for clients.</summary>
    public string Reason { get; } = reason;

    public static DomainException Invalid(string reason, string detail) => new(ErrorKind.Invalid, reason, detail);
    public static DomainException NotFound(string reason, string detail) => new(ErrorKind.NotFound, reason, detail);
    public static DomainException Conflict(string reason, string detail) => new(ErrorKind.Conflict, reason, detail);
    public static DomainException Forbidden(string reason, string detail) => new(ErrorKind.Forbidden, reason, detail);
}
