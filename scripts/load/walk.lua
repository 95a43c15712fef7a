-- wrk script: each connection is one respondent after another, walking the
-- built-in mapping survey as a browser without JavaScript does: GET the
-- start page, POST every page's form (earlier answers travel in the form,
-- as the hidden fields carry them), POST the check page's "Send answers",
-- then GET the confirmation. Run with as many threads as connections
-- (-t N -c N) so each thread drives one connection's state machine.
-- Used by scripts/bench-load-wrk.

local slug = "bme-network-mapping-2016"
local path = "/s/" .. slug
local headers = {
  ["Content-Type"] = "application/x-www-form-urlencoded",
  ["Origin"] = "http://127.0.0.1",
  ["Sec-Fetch-Site"] = "same-origin",
}

-- One respondent's pages: the page id shown, and the answers given on it.
local function pages(yes)
  local p = {
    {"about_you", "region=london&occupation=clinical"},
    {"networks", "has_bme_network=" .. (yes and "yes" or "no") .. "&other_networks=lgbti&other_networks=disability"},
  }
  if yes then
    p[#p + 1] = {"your_network", "effectiveness=effective&relationships=hr&relationships=edi_team"}
  else
    p[#p + 1] = {"without_network", "would_benefit=yes"}
  end
  p[#p + 1] = {"working_together", "knows_how_network_works=unsure&support_needed.allocated_time=strongly_agree&support_needed.budget=agree"}
  p[#p + 1] = {"comments", "benefits_comment=A+voice+for+staff+%26+a+route+to+the+board."}
  return p
end

local state, token, version, answers, route, i
completed, failed = 0, 0

local function restart()
  state, token, version, answers, i = "start", nil, nil, "", 0
  route = pages(math.random() < 0.59)
end

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
  restart()
end

local function form(extra)
  return "_token=" .. token .. "&_version=" .. version .. answers .. extra
end

function request()
  if state == "start" then
    return wrk.format("GET", path)
  elseif state == "begin" then
    return wrk.format("POST", path, headers, form("&_step="))
  elseif state == "page" then
    local p = route[i]
    answers = answers .. "&" .. p[2]
    return wrk.format("POST", path, headers, form("&_step=" .. p[1] .. "&_action=continue"))
  elseif state == "submit" then
    return wrk.format("POST", path, headers, form("&_step=check&_action=submit"))
  else -- "done"
    return wrk.format("GET", path .. "/done")
  end
end

local function fail()
  failed = failed + 1
  restart()
end

-- expect checks that a page is the one the walk should be on.
local function shows(body, step)
  return body:find('name="_step" value="' .. step .. '"', 1, true) ~= nil
end

function response(status, hdrs, body)
  if state == "start" then
    if status ~= 200 then return fail() end
    token = body:match('name="_token" value="([^"]+)"')
    version = body:match('name="_version" value="([^"]+)"')
    if not token or not version then return fail() end
    state = "begin"
  elseif state == "begin" or state == "page" then
    if status ~= 200 then return fail() end
    i = i + 1
    if i <= #route then
      if not shows(body, route[i][1]) then return fail() end
      state = "page"
    else
      if not shows(body, "check") then return fail() end
      state = "submit"
    end
  elseif state == "submit" then
    if status ~= 303 then return fail() end
    state = "done"
  else
    if status ~= 200 then return fail() end
    completed = completed + 1
    restart()
  end
end

local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

function done(summary, latency, requests)
  local c, f = 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("completed")
    f = f + t:get("failed")
  end
  local secs = summary.duration / 1e6
  io.write(string.format("completed responses: %d (%.1f/s), failed walks: %d\n", c, c / secs, f))
  io.write(string.format("requests: %d (%.1f/s), non-2xx/3xx: %d\n", summary.requests, summary.requests / secs, summary.errors.status))
  io.write(string.format("page latency: p50 %.2fms  p90 %.2fms  p99 %.2fms  max %.2fms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
