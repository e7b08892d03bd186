-- wrk-write.lua - the write run of bench/wrk.sh: every request a distinct,
-- valid lot write. A connection POSTs a new lot (id W<run>-<thread>-<n>);
-- the ETag its answer carries goes into a queue, and the next request of
-- the thread PUTs that lot with If-Match (a changed quantity), so about
-- half the writes create and half replace. The Authorization header (a
-- Bearer token) comes from wrk -H; WRK_PROJECT names the lots' project and
-- WRK_RUN keeps ids apart between runs.
local project = os.getenv("WRK_PROJECT") or "p0"
local run = os.getenv("WRK_RUN") or tostring(os.time())
local threads = 0

function setup(thread)
    threads = threads + 1
    thread:set("tid", threads)
end

local n = 0
local queue = {}
local auth

function init(args)
    auth = wrk.headers["Authorization"]
    math.randomseed(tid * 7919 + os.time())
end

local function body(id, q)
    -- Around Trondheim, away from the read runs' boxes.
    local lon = 10.2 + math.random() * 0.4
    local lat = 63.3 + math.random() * 0.2
    return string.format(
        '{"id":"%s","kind":"supply","project":"%s","material":"leire",' ..
        '"quantity":%d,"unit":"t","from":"2026-03-01","to":"2026-06-30",' ..
        '"public":%s,"x":%.6f,"y":%.6f,"epsg":4326,' ..
        '"source":"estimate: wrk write run"}',
        id, project, q, (q % 2 == 0) and "true" or "false", lon, lat)
end

local function headers(extra)
    local h = {["Content-Type"] = "application/json", ["Authorization"] = auth}
    if extra then
        h["If-Match"] = extra
    end
    return h
end

function request()
    n = n + 1
    local p = table.remove(queue)
    if p then
        return wrk.format("PUT", "/api/v1/lots/" .. p[1], headers(p[2]),
                          body(p[1], 2000 + n % 1000))
    end
    local id = string.format("W%s-%d-%d", run, tid, n)
    return wrk.format("POST", "/api/v1/lots", headers(nil), body(id, 1000 + n % 1000))
end

function response(status, hdrs, b)
    local loc, etag = hdrs["Location"], hdrs["ETag"]
    if status == 201 and loc and etag then
        queue[#queue + 1] = {loc:match("[^/]+$"), etag}
    end
end
