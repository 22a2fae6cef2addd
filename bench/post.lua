-- wrk script: POST the JSON in the BODY environment variable (other headers come from wrk -H).
wrk.method = "POST"
wrk.body = os.getenv("BODY")
wrk.headers["Content-Type"] = "application/json"
