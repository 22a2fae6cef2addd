import Foundation
/// Locates the seed world shipped with the binary.
public enum FixtureBundle {
    /// The folder that holds `fleetio/`, `jifeline/`, `stackone/` and `bossdesk/`.
    public static var directory: URL { Bundle.module.resourceURL ?? Bundle.module.bundleURL }
}
