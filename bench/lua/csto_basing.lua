-- The 2011 CSTO basing protocol (csto-infrastructure-protocol-2011/art_1) written by hand in
-- Lua, as a C++ team embedding Lua instead of Accord would write it. accord_bench runs it under
-- LuaJIT and Lua 5.4 on the same proposals as the engine and bench/decide_bench.cpp's
-- hand_decide, and checks before timing that all three agree on every proposal.
--
-- A proposal is a table built once by the embedder (bench/lua_peer.cpp):
--   p.date      yyyymmdd integer (2012-12-19 is 20121219)
--   p.action    the action's name, e.g. "basing"
--   p.actor, p.host, ...  party fields as the embedder's integer party ids; other fields as
--               their values (strings, integers, booleans; `parties` fields as sets {[id]=true})
--   p.positions {[party id] = "consent" | "object" | "abstain"} (empty when nobody spoke)
--
-- decide(p) returns nil when the clause does not apply (the proposal is then permitted as far
-- as this clause goes), else verdict, pending, vetoed_by: the verdict ("vetoed",
-- "needs_consent" or "permitted") and two arrays of party ids.

local M = {}

-- In force from (Protocol, entry into force as recorded in rules/csto/).
local IN_FORCE = 20121219

-- The actions the protocol covers.
local ACTIONS = { basing = true, troop_deployment = true, military_infrastructure = true }

-- CSTO membership, [from, to) with to == nil for open-ended (rules/facts/organizations.yaml).
local CSTO = {
  { party = "ARM", from = 19940420 },
  { party = "BLR", from = 19940420 },
  { party = "KAZ", from = 19940420 },
  { party = "KGZ", from = 19940420 },
  { party = "RUS", from = 19940420 },
  { party = "TJK", from = 19940420 },
  { party = "AZE", from = 19940420, to = 19990420 },
  { party = "GEO", from = 19940420, to = 19990420 },
  { party = "UZB", from = 19940420, to = 19990420 },
  { party = "UZB", from = 20060816, to = 20121219 },
}

-- Called once at load time with the embedder's party ids ({["RUS"] = 42, ...}).
function M.init(party_ids)
  for _, m in ipairs(CSTO) do
    m.id = party_ids[m.party] or error("unknown party " .. m.party)
  end
end

-- The CSTO members at `date`, as an array of party ids.
local function members_at(date)
  local members = {}
  for _, m in ipairs(CSTO) do
    if m.from <= date and (m.to == nil or date < m.to) then
      members[#members + 1] = m.id
    end
  end
  return members
end

local function contains(list, x)
  for _, v in ipairs(list) do
    if v == x then return true end
  end
  return false
end

function M.decide(p)
  if p.date < IN_FORCE or not ACTIONS[p.action] then return nil end
  local members = members_at(p.date)
  local host = p.host
  if not contains(members, host) or contains(members, p.actor) then return nil end
  -- Every other member must be consulted (required = members - {host}); one objection vetoes,
  -- a member that has not stated a position is still pending.
  local pending, vetoed_by = {}, {}
  local positions = p.positions
  for _, m in ipairs(members) do
    if m ~= host then
      local position = positions[m]
      if position == "object" then
        vetoed_by[#vetoed_by + 1] = m
      elseif position == nil then
        pending[#pending + 1] = m
      end
    end
  end
  if #vetoed_by > 0 then return "vetoed", pending, vetoed_by end
  if #pending > 0 then return "needs_consent", pending, vetoed_by end
  return "permitted", pending, vetoed_by
end

return M
