-- wrk script: each thread stops after the number of requests given after `--` (run with -t2 and 500000 for 1,000,000).
local sent = 0
local limit = 0
function init(args) limit = tonumber(args[1]) or 500000 end
request = function()
    sent = sent + 1
    if sent > limit then wrk.thread:stop() end
    return wrk.format()
end
