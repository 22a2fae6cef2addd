-- wrk script: every request carries a different X-Bench-Seq header, so no two requests are byte-identical and the
-- simulator's response cache never answers; measures the full per-request path (auth, SQLite, JSON).
local n = 0
request = function()
    n = n + 1
    local h = {}
    for k, v in pairs(wrk.headers) do h[k] = v end
    h["X-Bench-Seq"] = tostring(n)
    return wrk.format(nil, nil, h)
end
