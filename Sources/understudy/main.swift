import Foundation
import UnderstudyApp

MallocTuning.restartIfNeeded()
exit(Launcher.main(arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment))
