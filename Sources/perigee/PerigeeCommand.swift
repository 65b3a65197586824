import ArgumentParser
import Perigee

@main
struct PerigeeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "perigee",
        abstract: "Know what is in Earth orbit, where it is, and when it passes.",
        subcommands: []
    )
}
