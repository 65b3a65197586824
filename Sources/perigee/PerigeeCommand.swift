import ArgumentParser
import Perigee

@main
struct PerigeeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "perigee",
        abstract: "Know what is in Earth orbit, where it is, and when it passes.",
        discussion: """
            Perigee reads public element sets (TLE/3LE and CCSDS OMM in XML, JSON, CSV or KVN, optionally \
            .gz or .xz compressed) and propagates them with SGP4/SDP4: passes over a site, look angles and Doppler, ground tracks, \
            what is overhead, manoeuvres and decay in element-set histories, and an element-set store.
            """,
        subcommands: [
            PassesCommand.self, LookCommand.self, TrackCommand.self, AboveCommand.self, PropagateCommand.self,
            ConvertCommand.self, ValidateCommand.self, ManoeuvresCommand.self, DecayCommand.self, DiffCommand.self,
            ConjunctionsCommand.self, BenchCommand.self,
        ] + catalogCommands
    )
}
