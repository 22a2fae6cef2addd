import Foundation
import UnderstudyApp

exit(Launcher.main(arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment))
