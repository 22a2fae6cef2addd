"""pyfleetio 1.0.2 (from PyPI) against Understudy, as its README uses it, with only the base URL pointed at
Understudy: the constructor's credential check, issue and fault CRUD, a scripted 429 ridden out by its own back-off,
and the purchase-order (by number) and vehicle fuel-entry calls. Usage: python pyfleetio_flows.py URL TENANT_JSON"""
import json
import sys

import fleetio.fleetio
import fleetio.request
from fleetio import Fleetio
from fleetio.error import NotFoundError, UnprocessableError


def main():
    url, tenant = sys.argv[1].rstrip("/"), json.loads(sys.argv[2])
    base = url + "/fleetio/api/v1"
    fleetio.request.API_BASE_URL = base
    fleetio.fleetio.API_BASE_URL = base
    keys = tenant["fleetio"]
    fixtures = tenant["fixtures"]["fleetio"]
    vehicle = fixtures["vehicle_ids"][0]

    client = Fleetio(keys["api_key"], keys["account_token"])
    print("constructor ok:", client.ok)
    assert client.ok

    issue = client.issues.create(body={"vehicle_id": vehicle, "summary": "Brake noise", "reported_at": "2026-01-05T10:00:00Z"})
    print("issue created:", issue["id"], issue["number"], issue["state"])
    shown = client.issues.get(id=str(issue["id"]))
    updated = client.issues.update(id=str(issue["id"]), body={"state": "Resolved"})
    print("issue shown:", shown["summary"], "| updated:", updated["state"], updated["resolved_at"] is not None)
    listed = client.issues.get()
    print("issues listed:", len(listed["records"]) if isinstance(listed, dict) else len(listed))
    print("issue deleted:", client.issues.deleteOne(id=str(issue["id"])))
    try:
        client.issues.get(id=str(issue["id"]))
        raise SystemExit("a deleted issue was still found")
    except NotFoundError as e:
        print("deleted issue -> NotFoundError", e.args[1])
    try:
        client.issues.create(body={"summary": "no vehicle"})
        raise SystemExit("an issue without a vehicle was created")
    except UnprocessableError as e:
        print("issue without vehicle -> UnprocessableError", e.args[0])

    code = fixtures["fault_rule_codes"][0]
    fault = client.faults.create(body={"vehicle_id": vehicle, "code": code})
    print("fault created:", fault["id"], fault["code"], fault["status"])
    fault = client.faults.update(id=str(fault["id"]), body={"status": "resolved"})
    print("fault updated:", fault["status"], "| deleted:", client.faults.deleteOne(id=str(fault["id"])))

    # The scripted 429 (loaded by clients/run for this tenant) is answered once; pyfleetio backs off and retries.
    vehicles = client.vehicles.get()
    print("vehicles after a 429:", len(vehicles["records"]) if isinstance(vehicles, dict) else len(vehicles))

    print("accounts:", [a["name"] for a in (lambda r: r["records"] if isinstance(r, dict) else r)(client.accounts.get())])
    orders = client.purchase_orders.get()
    number = (orders["records"] if isinstance(orders, dict) else orders)[0]["number"]
    order = client.purchase_orders.get(number=str(number))
    print("purchase order by number:", order["number"], order["state"])
    fuel = client.fuel_entries.vehicle(vehicle_id=str(vehicle))
    print("vehicle fuel entries:", len(fuel["records"]) if isinstance(fuel, dict) else len(fuel))
    print("pyfleetio: all flows passed")


if __name__ == "__main__":
    main()
