import Storage

/// The one timestamp format stored documents use, so that text order is time order.
public enum RecordTime {
    /// `2026-11-23T07:26:23.000Z`: UTC, millisecond precision.
    public static func format(_ epoch: Double) -> String { ISO8601.format(epoch, fractionDigits: 3) }
}
