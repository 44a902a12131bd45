-- wrk script: GET /d/{id} for record ids drawn at random from the file given after `--`,
-- so most requests miss the page cache and render from the database.
local ids = {}
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("seed", threads)
end

function init(args)
  for line in io.lines(args[1]) do
    ids[#ids + 1] = line
  end
  math.randomseed(seed * 7919)
end

function request()
  return wrk.format("GET", "/d/" .. ids[math.random(#ids)])
end
