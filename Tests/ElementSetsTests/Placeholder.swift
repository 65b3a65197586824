import Testing
import ElementSets

@Test func readsVallados88888() throws {
    let set = try ElementSet(
        tleLine1: "1 88888U          80275.98708465  .00073094  13844-3  66816-4 0    87",
        tleLine2: "2 88888  72.8435 115.9689 0086731  52.6988 110.5714 16.05824518  1058")
    #expect(set.catalogNumber.rawValue == 88888)
    #expect(set.eccentricity == 0.0086731)
}
