import UnderstudyCore

/// The discount and two taxes that service entries and purchase orders apply to a subtotal, each `percentage` or
/// `fixed`: the discount comes off the subtotal, the taxes are on what remains, shipping (purchase orders) is added.
struct Charges {
    static let types = ["percentage", "fixed"]
    /// The members a client may send, as stored.
    var stored: JSON = [:]

    /// Reads `discount`, `discount_type`, `tax_1`, `tax_1_type`, `tax_2`, `tax_2_type` (and `shipping`), each only
    /// when present; defaults on create.
    static func read(_ f: inout BodyFields, creating: Bool, shipping: Bool) -> JSON {
        var out: JSON = [:]
        for part in ["discount", "tax_1", "tax_2"] {
            if f.has(part) { out.set(part, Amounts.read(&f, part).map(JSON.double) ?? .null) } else if creating { out.set(part, .null) }
            let typeKey = part + "_type"
            if f.has(typeKey) { out.set(typeKey, .from(f.oneOf(typeKey, types) ?? "percentage")) } else if creating { out.set(typeKey, "percentage") }
        }
        if shipping {
            if f.has("shipping") { out.set("shipping", Amounts.read(&f, "shipping").map(JSON.double) ?? .null) } else if creating { out.set("shipping", .null) }
        }
        return out
    }

    /// The rendered members (amounts as numbers, cents as integers, percentages as strings) for a subtotal.
    /// Purchase orders write the discount percentage as a number, service entries as a string (Fleetio's connectors' schemas).
    static func render(_ d: JSON, subtotal: Double, discountPercentageAsNumber: Bool = false) -> JSON {
        var out: JSON = ["subtotal": FleetioNumber.json(subtotal), "subtotal_cents": .int(FleetioNumber.cents(subtotal))]
        func apply(_ part: String, to base: Double) -> Double {
            let value = d[part]?.double ?? 0
            let percentage = d[part + "_type"]?.string != "fixed"
            let amount = FleetioNumber.rounded(percentage ? base * value / 100 : value, places: 2)
            out.set(part, FleetioNumber.json(amount))
            out.set(part + "_cents", .int(FleetioNumber.cents(amount)))
            out.set(part + "_type", .string(percentage ? "percentage" : "fixed"))
            let shown: JSON = discountPercentageAsNumber && part == "discount" ? FleetioNumber.json(value) : .string(FleetioNumber.text(value))
            out.set(part + "_percentage", percentage && d[part]?.double != nil ? shown : .null)
            return amount
        }
        let discounted = max(0, subtotal - apply("discount", to: subtotal))
        let taxes = apply("tax_1", to: discounted) + apply("tax_2", to: discounted)
        let shipping = d["shipping"]?.double ?? 0
        if d["shipping"] != nil {
            out.set("shipping", FleetioNumber.json(shipping))
            out.set("shipping_cents", .int(FleetioNumber.cents(shipping)))
        }
        let total = FleetioNumber.rounded(discounted + taxes + shipping, places: 2)
        out.set("total_amount", FleetioNumber.json(total))
        out.set("total_amount_cents", .int(FleetioNumber.cents(total)))
        return out
    }
}
