/// The Lua half of the REPL core: the value printer, the completer and
/// the prompt reader. It runs inside the state like any chunk (protected,
/// interruptible, under the memory cap) and captures the library functions
/// it uses when the REPL is created, so later user changes to `tostring`,
/// `string` or `table` cannot break it.
///
/// Called as `chunk(rawmetafield, rawtostring)`, two C functions that never
/// run a metamethod; returns `{ show = ..., complete = ..., prompt = ... }`.
enum LuaReplSupport {
    static let source = #"""
local rawmetafield, rawtostring = ...
local type, tostring, pcall, next, rawget, rawset, select, ipairs =
      type, tostring, pcall, next, rawget, rawset, select, ipairs
local sort, concat = table.sort, table.concat
local stringlib = string
local format, gsub, match, sub, find = string.format, string.gsub, string.match,
      string.sub, string.find
local rep, gmatch = string.rep, string.gmatch
local mathtype = math.type
local G = _ENV
local originalprint = print

local MAXDEPTH = 6       -- nesting shown before "{...}"
local MAXITEMS = 100     -- fields shown per table
local MAXTOTAL = 5000    -- fields shown per result line
local WIDTH = 80         -- one-line tables up to this width

local keywords = {}
for w in gmatch([[and break do else elseif end false for function goto if
  in local nil not or repeat return then true until while]], "%a+") do
  keywords[w] = true
end

local function isname (k)
  return type(k) == "string" and match(k, "^[%a_][%w_]*$") ~= nil and not keywords[k]
end

-- tostring that never fails: __tostring errors fall back to the raw text
local function safetostring (v)
  local ok, s = pcall(tostring, v)
  if ok and type(s) == "string" then return s end
  return rawtostring(v) .. " (error in __tostring)"
end

local function quote (s)
  return (gsub(format("%q", s), "\\\n", "\\n"))
end

local typeorder = { number = 1, string = 2, boolean = 3 }
local function keyless (a, b)
  local ta, tb = type(a), type(b)
  if ta ~= tb then
    local oa, ob = typeorder[ta] or 4, typeorder[tb] or 4
    if oa ~= ob then return oa < ob end
    return ta < tb
  end
  if ta == "number" or ta == "string" then return a < b end
  if ta == "boolean" then return (not a) and b end
  return rawtostring(a) < rawtostring(b)
end

local render

local function keytext (k, st)
  if isname(k) then return k end
  return "[" .. render(k, 99, st, 0) .. "]"
end

-- st: { seen = ancestors, budget = fields left }
function render (v, depth, st, indent)
  local t = type(v)
  if t == "string" then return quote(v) end
  if t ~= "table" then return safetostring(v) end
  if rawmetafield(v, "__tostring") ~= nil then return safetostring(v) end
  if st.seen[v] then return "<cycle: " .. rawtostring(v) .. ">" end
  if next(v) == nil then return "{}" end
  if depth >= MAXDEPTH or st.budget <= 0 then return "{...}" end
  st.seen[v] = true
  local items, n, long = {}, 0, false
  local seqn = 0
  while rawget(v, seqn + 1) ~= nil do seqn = seqn + 1 end
  local keys = {}
  for k in next, v do
    if not (mathtype(k) == "integer" and k >= 1 and k <= seqn) then
      keys[#keys + 1] = k
    end
  end
  pcall(sort, keys, keyless)
  local total = seqn + #keys
  local function add (text)
    n = n + 1
    items[n] = text
    if find(text, "\n", 1, true) then long = true end
  end
  for i = 1, seqn do
    if n >= MAXITEMS or st.budget <= 0 then break end
    st.budget = st.budget - 1
    add(render(rawget(v, i), depth + 1, st, indent + 2))
  end
  for _, k in ipairs(keys) do
    if n >= MAXITEMS or st.budget <= 0 then break end
    st.budget = st.budget - 1
    add(keytext(k, st) .. " = " .. render(rawget(v, k), depth + 1, st, indent + 2))
  end
  if n < total then add("... (" .. (total - n) .. " more)") end
  st.seen[v] = nil
  local line = "{ " .. concat(items, ", ") .. " }"
  if not long and #line + indent <= WIDTH then return line end
  local pad = rep(" ", indent + 2)
  return "{\n" .. pad .. concat(items, ",\n" .. pad) .. "\n" .. rep(" ", indent) .. "}"
end

-- A result at top level: strings as 'print' shows them, tables in full.
local function top (v)
  if type(v) == "string" then return v end
  return render(v, 0, { seen = {}, budget = MAXTOTAL }, 0)
end

-- keep(...): the last results, as lua-repl's keep_last_eval plugin:
-- '_' is the first, '_1' .. '_n' are all of them (nils included), and
-- the '_i' of a previous longer result are cleared.
local lastn = 0
local function keep (...)
  local n = select("#", ...)
  rawset(G, "_", (...))
  for i = 1, n do rawset(G, "_" .. i, (select(i, ...))) end
  for i = n + 1, lastn do rawset(G, "_" .. i, nil) end
  lastn = n
end

-- show(silent, ...): keeps the results (see keep), returns the text;
-- a user-defined 'print' is called instead, as lua.c's l_print does.
local function show (silent, ...)
  local n = select("#", ...)
  if n == 0 then return "" end
  keep(...)
  if silent then return "" end
  local p = G.print
  if p ~= originalprint then
    local ok, err = pcall(p, ...)
    if not ok then
      return nil, "error calling 'print' (" .. safetostring(err) .. ")"
    end
    return ""
  end
  local parts = {}
  for i = 1, n do parts[i] = top((select(i, ...))) end
  return concat(parts, "\t")
end

-- Raw field lookup that follows __index tables (never calls a function).
local function field (v, k)
  for _ = 1, 20 do
    if type(v) == "table" then
      local r = rawget(v, k)
      if r ~= nil then return r end
    end
    local idx = rawmetafield(v, "__index")
    if type(idx) ~= "table" then
      local methods = rawmetafield(v, "__methods")   -- LuaKit userdata
      if type(methods) == "table" then return rawget(methods, k) end
      return nil
    end
    v = idx
  end
end

-- Names of the fields of v (and its __index tables; LuaKit methods and
-- properties); only functions when 'methods' is set.
local function names (v, methods, out)
  local seen = {}
  local function addall (t, onlyfunctions)
    for k, x in next, t do
      if isname(k) and not seen[k] and (not onlyfunctions or type(x) == "function"
          or type(x) == "table" and rawmetafield(x, "__call") ~= nil) then
        seen[k] = true
        out[#out + 1] = k
      end
    end
  end
  for _ = 1, 20 do
    if type(v) == "table" then addall(v, methods) end
    local lm = rawmetafield(v, "__methods")
    if type(lm) == "table" then
      addall(lm, false)
      if not methods then addall(rawmetafield(v, "__getters") or {}, false) end
      return
    end
    local idx = rawmetafield(v, "__index")
    if type(idx) ~= "table" then return end
    v = idx
  end
end

-- complete(text): candidates for the word before the cursor, each the
-- whole word ('string.fo' -> 'string.format'), sorted.
local function complete (text)
  local word = match(text, "[%w_%.:]*$") or ""
  local head, sep, partial = match(word, "^(.*)([%.:])([%w_]*)$")
  local out, list = {}, {}
  if not head then
    names(G, false, list)
    for k in next, keywords do list[#list + 1] = k end
    head, sep, partial = "", "", word
  else
    if find(head, ":", 1, true) or head == "" then return out end
    local v = G
    for part in gmatch(head, "[^%.]+") do
      if not isname(part) then return out end
      v = field(v, part)
      if v == nil then return out end
    end
    if sep == ":" and type(v) == "string" then v = stringlib end
    names(v, sep == ":", list)
  end
  local seen = {}
  for _, k in ipairs(list) do
    if sub(k, 1, #partial) == partial and not seen[k] then
      seen[k] = true
      out[#out + 1] = head .. sep .. k
    end
  end
  sort(out)
  return out
end

-- prompt(level): _PROMPT / _PROMPT2 read per prompt, as lua.c's get_prompt.
local function prompt (level)
  local v = G[level == 1 and "_PROMPT" or "_PROMPT2"]
  if v == nil then return level == 1 and "> " or ">> " end
  return tostring(v)
end

return { show = show, complete = complete, prompt = prompt }
"""#
}
