-- Pandoc filter for the print Markdown → Typst step (CommonMark reader, see src/sotay/pdf/pandoc.py).
-- Names shared with Python and Typst are listed in src/sotay/pdf/contracts.py.

-- Line breaks inside data values arrive as <br> (they must not end a table row in Markdown).
function RawInline(el)
  if el.format == "html" and el.text:match("^<br%s*/?>$") then
    return pandoc.LineBreak()
  end
end

local function wrapped(opening, content, closing)
  local blocks = {pandoc.RawBlock("typst", opening)}
  for _, block in ipairs(content) do table.insert(blocks, block) end
  table.insert(blocks, pandoc.RawBlock("typst", closing))
  return blocks
end

-- ::: warning … ::: becomes the #warning[…] box defined in lib.typ, and likewise ::: keep (kept
-- on one page) and ::: compact (smaller text); ::: center … ::: is centred; :::: columns holding
-- ::: column divs becomes #columns-row([…], […]) (a checklist's header).
function Div(el)
  if el.classes:includes("warning") then
    return wrapped("#warning[", el.content, "]")
  end
  if el.classes:includes("center") then
    return wrapped("#align(center)[", el.content, "]")
  end
  if el.classes:includes("keep") then
    return wrapped("#keep[", el.content, "]")
  end
  if el.classes:includes("compact") then
    if el.classes:includes("two-columns") then
      return wrapped("#compact(columns: 2)[", el.content, "]")
    end
    return wrapped("#compact[", el.content, "]")
  end
  if el.classes:includes("columns") then
    local blocks = {pandoc.RawBlock("typst", "#columns-row(")}
    for _, column in ipairs(el.content) do
      for _, block in ipairs(wrapped("[", column.content or {column}, "],")) do table.insert(blocks, block) end
    end
    table.insert(blocks, pandoc.RawBlock("typst", ")"))
    return blocks
  end
end

local function is_empty_row(row)
  for _, cell in ipairs(row.cells) do
    if #cell.contents > 0 then return false end
  end
  return true
end

-- Column widths come from a "// sotay-widths a b c" raw block that pdf/pandoc.py puts before each
-- pipe table (CommonMark tables carry none): the share of each column's dashes, as pandoc's own
-- Markdown reader would take them.
local function apply_widths(raw, tbl)
  local widths = {}
  local total = 0
  for number in raw.text:gmatch("%d+") do
    table.insert(widths, tonumber(number))
    total = total + tonumber(number)
  end
  if #widths == #tbl.colspecs and total > 0 then
    for i, spec in ipairs(tbl.colspecs) do spec[2] = widths[i] / total end
  end
end

function Blocks(blocks)
  local result = {}
  local i = 1
  while i <= #blocks do
    local block = blocks[i]
    local nxt = blocks[i + 1]
    if block.t == "RawBlock" and block.format == "typst" and block.text:find("// sotay-widths", 1, true) == 1 then
      if nxt and nxt.t == "Table" and block.text:match("%d") then apply_widths(block, nxt) end
    else
      table.insert(result, block)
    end
    i = i + 1
  end
  return result
end

function Table(tbl)
  -- Cells without an explicit alignment would inherit the centring pandoc wraps tables in.
  for _, spec in ipairs(tbl.colspecs) do
    if spec[1] == "AlignDefault" then spec[1] = "AlignLeft" end
  end
  -- A table written with an empty header row (| | |) has no header.
  if #tbl.head.rows == 1 and is_empty_row(tbl.head.rows[1]) then tbl.head.rows = {} end
  return tbl
end
