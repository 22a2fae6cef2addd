import BOSSDesk
import Dispatch
import Fixtures
import Fleetio
import CLinux
import Foundation
import HTTP1
import Jifeline
import StackOne
import UnderstudyCore

/// Builds the simulator from options, serves it, and stops cleanly on SIGTERM/SIGINT.
public enum Launcher {
    /// Exit codes.
    public static let exitOK: Int32 = 0
    public static let exitUsage: Int32 = 2

    /// The four simulated APIs, in the order the tenant object lists them.
    public static func standardAPIs() -> [any SimulatedAPI] { [FleetioAPI(), JifelineAPI(), StackOneAPI(), BOSSDeskAPI()] }

    /// The seed world shipped with the binary.
    public static var shippedFixtures: String { FixtureBundle.directory.path }

    /// A running simulator: its server, router and the ready object.
    public final class Running: Sendable {
        public let server: Server
        public let router: Router
        public let port: Int
        public let ready: JSON

        init(server: Server, router: Router, port: Int, ready: JSON) {
            self.server = server
            self.router = router
            self.port = port
            self.ready = ready
        }

        public var simulator: Simulator { router.simulator }

        /// Stops serving (letting requests in flight finish) and flushes every tenant.
        public func stop() {
            server.stop()
            simulator.shutdown()
        }
    }

    /// The simulator's configuration for these options.
    public static func configuration(_ options: CommandLineOptions) -> UnderstudyConfiguration {
        var c = UnderstudyConfiguration(fixturesDirectory: options.fixturesDirectory ?? shippedFixtures)
        c.server.host = options.host
        c.server.port = options.port
        c.dataDirectory = options.dataDirectory
        c.startAt = options.startAt
        c.journalLimit = options.journalLimit
        c.journalBytes = options.journalBytes
        c.showSecrets = options.showSecrets
        c.adminToken = options.adminToken
        c.logFormat = options.logFormat
        c.logLevel = options.logLevel
        return c
    }

    /// Builds and starts a simulator (used by `main` and by tests). Throws `UsageError` with the one-line message.
    public static func start(_ configuration: UnderstudyConfiguration, apis: [any SimulatedAPI] = standardAPIs(),
                             scenarioPaths: [String] = []) throws -> Running {
        var configuration = configuration
        do {
            configuration.scenarios += try ScenarioFiles.load(scenarioPaths)
        } catch let e as ScenarioFileError {
            throw UsageError("\(e)")
        }
        if let dir = configuration.dataDirectory {
            do {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            } catch {
                throw UsageError("--data-dir \(dir): cannot create it (\(error.localizedDescription))")
            }
        }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: configuration.fixturesDirectory, isDirectory: &isDir), isDir.boolValue else {
            throw UsageError("--fixtures \(configuration.fixturesDirectory): no such folder")
        }
        let simulator: Simulator
        do {
            simulator = try Simulator(configuration: configuration, apis: apis)
        } catch let e as FixtureError {
            throw UsageError("\(e.file): \(e.reason)")
        } catch {
            throw UsageError("cannot start: \(error)")
        }
        let router = Router(simulator: simulator)
        // Building the template and the demo tenant freed more than it kept; give those pages back before serving.
        malloc_trim(0)
        var serverConfig = configuration.server
        let clock = simulator.clock
        serverConfig.now = { clock.now() }
        let server = Server(configuration: serverConfig, deferredHandler: { router.handle($0, responder: $1) })
        let port: Int
        do {
            port = try server.start()
        } catch let e as SocketError {
            let what = e.isAddressInUse ? "address already in use" : e.description
            throw UsageError("--port \(configuration.server.port): cannot listen on \(configuration.server.host): \(what)")
        }
        let wildcard = ["0.0.0.0", "::", "[::]"].contains(configuration.server.host)
        var host = wildcard ? "127.0.0.1" : configuration.server.host
        if host.contains(":") && !host.hasPrefix("[") { host = "[\(host)]" }
        let url = "http://\(host):\(port)"
        let ready: JSON = [
            "event": "ready", "url": .string(url), "admin_url": .string(url + "/__admin"), "port": .int(port),
            "pid": .int(Int(ProcessInfo.processInfo.processIdentifier)), "version": .string(UnderstudyVersion.current),
        ]
        return Running(server: server, router: router, port: port, ready: ready)
    }

    /// The whole command: returns the exit code.
    public static func main(arguments: [String], environment: [String: String]) -> Int32 {
        // Block the stop signals before any thread starts, so every thread inherits the mask and a SIGTERM sent
        // the moment the ready line appears stays pending until `waitForTermination` takes it (never lost, never fatal).
        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        sigaddset(&stopSignals, SIGTERM)
        sigaddset(&stopSignals, SIGINT)
        if arguments.first == "coverage" { return CoverageCommand.main(arguments: Array(arguments.dropFirst()), environment: environment) }
        pthread_sigmask(SIG_BLOCK, &stopSignals, nil)
        let options: CommandLineOptions
        do {
            options = try CommandLineOptions.parse(arguments, environment: environment)
        } catch {
            printError("understudy: \(error)")
            return exitUsage
        }
        if options.showHelp {
            FileHandle.standardOutput.write(Data((CommandLineOptions.usage + "\n").utf8))
            return exitOK
        }
        if options.showVersion {
            FileHandle.standardOutput.write(Data("understudy \(UnderstudyVersion.current)\n".utf8))
            return exitOK
        }
        let running: Running
        do {
            running = try start(configuration(options), scenarioPaths: options.scenarioPaths)
        } catch {
            printError("understudy: \(error)")
            return exitUsage
        }
        let line = running.ready.text
        if let file = options.readyFile {
            do {
                try (line + "\n").write(toFile: file, atomically: true, encoding: .utf8)
            } catch {
                printError("understudy: --ready-file \(file): \(error.localizedDescription)")
                running.stop()
                return exitUsage
            }
        }
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
        waitForTermination(stopSignals)
        running.simulator.logger.log(.info, "stopping")
        running.stop()
        return exitOK
    }

    /// Blocks until SIGTERM or SIGINT arrives (both are blocked since `main` began, so none can slip past).
    static func waitForTermination(_ stopSignals: sigset_t) {
        var set = stopSignals
        var received: Int32 = 0
        while sigwait(&set, &received) != 0 {}
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
