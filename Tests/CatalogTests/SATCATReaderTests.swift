import Catalog
import Testing

/// The SATCAT reader's dates: calendar days only, named with the row and field when not.
@Suite struct SATCATReaderTests {
    @Test func datesMustBeCalendarDays() throws {
        let text = """
            NORAD_CAT_ID,OBJECT_NAME,LAUNCH_DATE,DECAY_DATE
            1,GOOD,2024-02-29,2024-03-01T10:00:00
            2,FEBRUARY 31,2023-02-31,
            3,NOT LEAP,2023-01-01,2023-02-29
            4,APRIL 31,2023-04-31,
            5,CENTURY,1900-02-29,
            6,LEAP CENTURY,2000-02-29,2000-03-01

            """
        let result = try SATCATReader().read(Array(text.utf8), location: "dates.csv")
        #expect(result.objects.map(\.catalogNumber.rawValue) == [1, 6])
        #expect(result.objects.first?.launchDate == "2024-02-29" && result.objects.first?.decayDate == "2024-03-01")
        #expect(result.problems.count == 4, "\(result.problems)")
        for (line, value) in [(3, "2023-02-31"), (4, "2023-02-29"), (5, "2023-04-31"), (6, "1900-02-29")] {
            #expect(result.problems.contains { $0.description.contains("dates.csv:\(line):")
                && $0.description.contains("'\(value)' is not a YYYY-MM-DD date") }, "line \(line)")
        }
    }
}
