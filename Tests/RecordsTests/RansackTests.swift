import Storage
import Testing
import UnderstudyCore

private let ransack = Ransack([Attribute("title", .string), Attribute("count", .int), Attribute("group_name", .string, path: "$.group.name"),
                               Attribute("closed", .bool)])

private func parse(_ query: String) -> (conditions: [Condition], sort: [SortKey]) { ransack.parse(QueryString(query)) }

private func describe(_ c: Condition) -> String {
    switch c {
    case .compare(let a, let p, let v): return "\(a.name) \(p.rawValue) \(v.map { $0.string ?? ($0.int.map(String.init) ?? "null") })"
    case .any(let cs): return "any(" + cs.map(describe).joined(separator: ", ") + ")"
    case .all(let cs): return "all(" + cs.map(describe).joined(separator: ", ") + ")"
    case .pathEquals(let p, _): return "path \(p)"
    }
}

@Suite struct RansackTests {
    @Test func trimmingDropsWhitespaceOfAnyKindAtBothEndsOnly() {
        #expect("  a b \n".trimmed == "a b")
        #expect("\u{00A0}x\u{2003}".trimmed == "x")
        #expect("\r\nx\t".trimmed == "x")
        #expect("plain".trimmed == "plain")
        #expect("caf\u{E9}".trimmed == "caf\u{E9}")
        #expect(" ".trimmed == "" && "".trimmed == "")
    }

    @Test func longestPredicateSuffixWins() {
        #expect(parse("q[title_not_eq]=a").conditions.map(describe) == [#"title not_eq ["a"]"#])
        #expect(parse("q[title_does_not_match]=a").conditions.map(describe) == [#"title does_not_match ["a"]"#])
    }

    @Test func valuesAreConvertedToTheAttributeType() {
        #expect(parse("q[count_gteq]=5").conditions.map(describe) == [#"count gteq ["5"]"#])
        #expect(parse("q[count_gteq]=five").conditions.isEmpty)
    }

    @Test func inTakesRepeatedOrCommaSeparatedValues() {
        #expect(parse("q[count_in][]=1&q[count_in][]=2").conditions.map(describe) == [#"count in ["1", "2"]"#])
        #expect(parse("q[count_in]=1,2").conditions.map(describe) == [#"count in ["1", "2"]"#])
    }

    @Test func orBetweenAttributes() {
        #expect(parse("q[title_or_group_name_cont]=x").conditions.map(describe) == [#"any(title cont ["x"], group_name cont ["x"])"#])
    }

    @Test func combinatorOrJoinsConditions() {
        #expect(parse("q[title_eq]=a&q[count_eq]=1&q[m]=or").conditions.map(describe) == [#"any(title eq ["a"], count eq ["1"])"#])
    }

    @Test func unknownAttributesAndPredicatesAreIgnored() {
        #expect(parse("q[colour_eq]=red&q[title_frobs]=x&other=1").conditions.isEmpty)
    }

    @Test func blankValueDropsTheCondition() {
        #expect(parse("q[title_eq]=").conditions.isEmpty)
    }

    @Test func unaryPredicatesFollowTheirFlag() {
        #expect(parse("q[title_null]=1").conditions.map(describe) == ["title null []"])
        #expect(parse("q[title_null]=0").conditions.map(describe) == ["title not_null []"])
        #expect(parse("q[closed_true]=false").conditions.map(describe) == ["closed false []"])
    }

    @Test func sortsReadAttributeAndDirection() {
        let s = parse("q[s]=count+desc&q[s][]=title").sort
        #expect(s.map(\.attribute.name) == ["count", "title"])
        #expect(s.map(\.descending) == [true, false])
    }

    @Test func unknownSortIsIgnored() {
        #expect(parse("q[s]=colour asc").sort.isEmpty)
    }
}
