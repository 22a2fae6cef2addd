/// The coverage report (``Coverage/report(tenant:api:)``) as aligned text a person reads in a CI log: per API a
/// heading with how many operations were exercised, a row per operation, and the documented errors never seen.
enum CoverageText {
    static func render(_ report: JSON) -> String {
        var out = ""
        for (api, r) in report.object ?? [] {
            let ops = r["operations"]?.array ?? []
            out += "\(api): \(r["exercised"]?.int ?? 0) of \(r["total"]?.int ?? 0) operations exercised"
            if let n = r["unrouted_requests"]?.int, n > 0 { out += ", \(n) requests to no operation" }
            out += "\n"
            var rows = [["", "method", "path", "requests", "statuses", "scripted", "second page"]]
            for o in ops {
                let requests = o["requests"]?.int ?? 0
                rows.append([requests > 0 ? "+" : "-", o["method"]?.string ?? "", o["path"]?.string ?? "", String(requests),
                             counts(o["statuses"]), counts(o["scripted"]),
                             o["second_page"]?.bool.map { $0 ? "yes" : "no" } ?? ""])
            }
            out += table(rows)
            let unseen = r["never_seen"]?.array ?? []
            if unseen.isEmpty {
                out += "  every documented error was seen\n"
            } else {
                out += "  documented errors never seen:\n"
                for d in unseen {
                    let on = d["method"]?.string.map { " (\($0) \(d["path"]?.string ?? ""))" } ?? ""
                    out += "    \(d["status"]?.int ?? 0) \(d["what"]?.string ?? "")\(on)\n"
                }
            }
            out += "\n"
        }
        return out
    }

    /// `200×3 404×1`, or `-` for none.
    private static func counts(_ value: JSON?) -> String {
        let pairs = value?.object ?? []
        return pairs.isEmpty ? "-" : pairs.map { "\($0.0)×\($0.1.int ?? 0)" }.joined(separator: " ")
    }

    /// Rows padded to each column's widest cell, indented two spaces.
    private static func table(_ rows: [[String]]) -> String {
        var widths = Array(repeating: 0, count: rows.first?.count ?? 0)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        return rows.map { row in
            "  " + row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
            }.joined(separator: "  ")
        }.map { $0.replacingTrailingSpaces() }.joined(separator: "\n") + "\n"
    }
}

private extension String {
    func replacingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
